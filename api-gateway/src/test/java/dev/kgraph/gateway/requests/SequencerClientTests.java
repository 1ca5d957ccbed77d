package dev.kgraph.gateway.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kgraph.gateway.api.ApiException;
import dev.kgraph.model.requests.ThreadRequest;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InterruptException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** What a caller gets when Kafka refuses a request outright: a retryable 503, never a 500. */
class SequencerClientTests {

    @Test
    void aSendThatThrowsIsA503WithRetryAfterAndLeavesNothingPending() {
        var producer = new MockProducer<String, ThreadRequest>() {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, ThreadRequest> record,
                                                            Callback callback) {
                // what KafkaProducer throws when its thread is interrupted while it waits for the topic's metadata
                throw new InterruptException(new InterruptedException());
            }
        };
        var client = new SequencerClient(producer, "gateway-1", Duration.ofSeconds(5), 10);
        var threadId = UUID.randomUUID().toString();

        assertThatThrownBy(() -> client.ask((requestId, replyTo) -> new ThreadRequest.GetThread(requestId, threadId,
                replyTo)).block(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
                    assertThat(e.detail()).startsWith("Kafka did not accept the request");
                });
        Thread.interrupted(); // InterruptException keeps the interrupt, as it should; not this test's thread's state
        assertThat(client.pending()).isZero();
    }
}
