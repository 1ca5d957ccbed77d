package dev.kgraph.gateway.requests;

import static dev.kgraph.model.topics.ConsumerDefaults.IDLE_FETCH_WAIT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.standalone.broker.BrokerSettings;
import dev.kgraph.standalone.broker.KraftBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tail closes without waiting out the fetch the broker holds for it: the gateway closes its tails one after the
 * other when it stops, and each used to take up to {@code IDLE_FETCH_WAIT_MS} (5 s), the stop about 10 s.
 */
class TopicTailCloseTests {

    @TempDir
    Path dataDir;

    @Test
    void anIdleTailClosesWithoutWaitingForTheFetchTheBrokerHolds() throws Exception {
        try (var broker = KraftBroker.start(BrokerSettings.singleNode(dataDir));
             var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
             var producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic("tailed", 1, (short) 1))).all().get();
            var received = new CountDownLatch(1);
            var tail = new TopicTail<>(broker.bootstrapServers(), "tailed", new StringDeserializer(),
                    new StringDeserializer(), false, value -> received.countDown());
            tail.start();
            producer.send(new ProducerRecord<>("tailed", "k", "v")).get();
            assertThat(received.await(30, TimeUnit.SECONDS)).isTrue();
            // the tail's next fetch went out as the record was handed over: the broker now holds it for 5 s

            long start = System.nanoTime();
            tail.close();
            var took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(tail.polling()).isFalse();
            assertThat(took).as("closing took %s", took).isLessThan(Duration.ofMillis(IDLE_FETCH_WAIT_MS / 2));
        }
    }
}
