package dev.kgraph.standalone.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KraftBrokerTests {

    private static final String TOPIC = "greetings";

    @TempDir
    Path dataDir;

    @Test
    void aProducedRecordCanBeConsumed() throws Exception {
        try (var broker = KraftBroker.start(BrokerSettings.singleNode(dataDir))) {
            createTopic(broker.bootstrapServers());
            produce(broker.bootstrapServers(), "hello");

            assertThat(consumeAll(broker.bootstrapServers())).containsExactly("hello");
        }
    }

    @Test
    void topicsRecordsAndClusterIdSurviveARestartOnTheSameDirectory() throws Exception {
        String clusterId;
        try (var broker = KraftBroker.start(BrokerSettings.singleNode(dataDir))) {
            clusterId = broker.clusterId();
            createTopic(broker.bootstrapServers());
            produce(broker.bootstrapServers(), "kept across restarts");
        }

        try (var restarted = KraftBroker.start(BrokerSettings.singleNode(dataDir))) {
            assertThat(restarted.clusterId()).isEqualTo(clusterId);
            assertThat(topicNames(restarted.bootstrapServers())).contains(TOPIC);
            assertThat(consumeAll(restarted.bootstrapServers())).containsExactly("kept across restarts");
        }
    }

    @Test
    void keepsTheDataUnderTheGivenDirectory() {
        try (var broker = KraftBroker.start(BrokerSettings.singleNode(dataDir))) {
            assertThat(broker.dataDir()).isEqualTo(dataDir);
            assertThat(dataDir.resolve("logs/meta.properties")).exists();
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
        }
    }

    @Test
    void refusesToCreateTopicsImplicitly() throws Exception {
        try (var broker = KraftBroker.start(BrokerSettings.singleNode(dataDir))) {
            assertThatThrownBy(() -> produceWithoutTopic(broker.bootstrapServers()))
                    .hasStackTraceContaining("not present in metadata");
            assertThat(topicNames(broker.bootstrapServers())).doesNotContain("never-created");
        }
    }

    @Test
    void freePortsPickedForTheTwoListenersAlwaysDiffer() {
        for (int i = 0; i < 200; i++) {
            var both = KraftBroker.Ports.of(BrokerSettings.singleNode(dataDir));
            assertThat(both.controller()).isNotEqualTo(both.client());
        }
        var fixedClient = KraftBroker.Ports.of(BrokerSettings.singleNode(dataDir).withPort(40_001));
        assertThat(fixedClient.client()).isEqualTo(40_001);
        assertThat(fixedClient.controller()).isPositive().isNotEqualTo(40_001);
    }

    @Test
    void aLaunchedNodeTellsItsAddressAtOnceAndServesThereOnceAwaited() throws Exception {
        var launch = KraftBroker.launch(BrokerSettings.singleNode(dataDir));
        assertThat(launch.bootstrapServers()).startsWith("127.0.0.1:");

        try (var broker = launch.await()) {
            assertThat(broker.bootstrapServers()).isEqualTo(launch.bootstrapServers());
            createTopic(launch.bootstrapServers());
            produce(launch.bootstrapServers(), "launched");
            assertThat(consumeAll(launch.bootstrapServers())).containsExactly("launched");
        }
    }

    @Test
    void aLaunchThatCannotTakeItsPortFailsItsAwaitWithTheCause() throws Exception {
        try (var taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var launch = KraftBroker.launch(BrokerSettings.singleNode(dataDir).withPort(taken.getLocalPort()));

            assertThatThrownBy(launch::await).isInstanceOf(RuntimeException.class);
            launch.abandon(); // nothing started: returns at once
        }
    }

    @Test
    void anAbandonedLaunchStopsTheNodeSoItsDirectoryCanBeUsedAgain() throws Exception {
        var launch = KraftBroker.launch(BrokerSettings.singleNode(dataDir));
        launch.abandon(); // waits for the start to end, then stops the node

        try (var again = KraftBroker.start(BrokerSettings.singleNode(dataDir))) {
            createTopic(again.bootstrapServers());
            assertThat(topicNames(again.bootstrapServers())).contains(TOPIC);
        }
    }

    private static void createTopic(String bootstrap) throws Exception {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        }
    }

    private static Set<String> topicNames(String bootstrap) throws Exception {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listTopics().names().get();
        }
    }

    private static void produce(String bootstrap, String value) throws Exception {
        try (var producer = new KafkaProducer<String, String>(producerConfig(bootstrap))) {
            producer.send(new ProducerRecord<>(TOPIC, "k", value)).get();
        }
    }

    private static void produceWithoutTopic(String bootstrap) throws Exception {
        Map<String, Object> config = producerConfig(bootstrap);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
        try (var producer = new KafkaProducer<String, String>(config)) {
            producer.send(new ProducerRecord<>("never-created", "k", "v")).get();
        }
    }

    private static Map<String, Object> producerConfig(String bootstrap) {
        return new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    /** Reads the topic from the beginning until one poll after the first record comes back empty. */
    private static List<String> consumeAll(String bootstrap) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(config)) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
        }
        return values;
    }
}
