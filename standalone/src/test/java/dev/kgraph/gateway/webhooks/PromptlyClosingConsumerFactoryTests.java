package dev.kgraph.gateway.webhooks;

import static dev.kgraph.model.topics.ConsumerDefaults.IDLE_FETCH_WAIT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.standalone.broker.BrokerSettings;
import dev.kgraph.standalone.broker.KraftBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook listeners' consumers stop promptly (a listener container's stop closes its consumer) and still leave
 * their group, so the next process to join it gets the partitions at once.
 */
class PromptlyClosingConsumerFactoryTests {

    @TempDir
    Path dataDir;

    @Test
    void anIdleGroupConsumerLeavesItsGroupWithoutWaitingForTheFetchTheBrokerHolds() throws Exception {
        try (var broker = KraftBroker.start(BrokerSettings.singleNode(dataDir));
             var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
             var producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic("deliveries", 1, (short) 1))).all().get();
            producer.send(new ProducerRecord<>("deliveries", "k", "v")).get();
            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "listeners");
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, IDLE_FETCH_WAIT_MS);
            var consumer = new PromptlyClosingConsumerFactory<>(config, new StringDeserializer(),
                    new StringDeserializer()).createConsumer();
            consumer.subscribe(List.of("deliveries"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.poll(Duration.ofMillis(100)).isEmpty()) {
                assertThat(System.nanoTime()).as("the record was read within 30 s").isLessThan(deadline);
            }
            // the next fetch went out as the record was returned: the broker now holds it for 5 s

            long start = System.nanoTime();
            consumer.close();
            var took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).as("closing took %s", took).isLessThan(Duration.ofMillis(IDLE_FETCH_WAIT_MS / 2));
            var group = admin.describeConsumerGroups(List.of("listeners")).all().get().get("listeners");
            assertThat(group.members()).as("the consumer left its group").isEmpty();
        }
    }
}
