package dev.kgraph.gateway.webhooks;

import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.topics.Topics;
import dev.kgraph.model.webhooks.WebhookDelivery;
import dev.kgraph.model.webhooks.WebhookRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the run's thread writer how its delivery stands ({@code RecordWebhookDelivery} on {@code kgraph.requests},
 * no reply asked), so {@code GET /threads/{tid}/runs/{rid}/webhook} shows it. Each report waits for Kafka's
 * acknowledgement: reports of one delivery are then applied in the order they were made, even across replicas.
 * A report that cannot be written is logged and dropped; it never fails the delivery itself.
 */
final class DeliveryReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryReporter.class);

    static final String RETRYING = "retrying";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    static final String DEAD_LETTERED = "dead_lettered";

    private final Producer<String, ThreadRequest> producer;
    private volatile KafkaClientMetrics metrics;
    private final Clock clock;

    /** Binds the producer's own metrics ({@code kafka_producer_*}); unbound on {@link #close()}. */
    void bindMetrics(MeterRegistry registry) {
        var bound = new KafkaClientMetrics(producer);
        bound.bindTo(registry);
        metrics = bound;
    }

    DeliveryReporter(Producer<String, ThreadRequest> producer, Clock clock) {
        this.producer = producer;
        this.clock = clock;
    }

    void report(WebhookRequest request, String status, int attempts, Integer lastStatusCode, String lastError) {
        var delivery = new WebhookDelivery(request.deliveryId(), request.url(), status, attempts, lastStatusCode,
                lastError, clock.instant().toString());
        var record = new ThreadRequest.RecordWebhookDelivery(UUID.randomUUID().toString(), request.threadId(), null,
                request.runId(), delivery);
        try {
            producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), request.threadId(), record))
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("could not record webhook state {} of run {}: {}", status, request.runId(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        var bound = metrics;
        if (bound != null) {
            bound.close();
        }
        producer.close();
    }
}
