package dev.kgraph.standalone.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.model.topics.TopicLayout;
import dev.kgraph.model.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Topic creation at a process's start (spring-kafka's {@code KafkaAdmin} with the layout's topics, as the gateway and
 * the worker declare them) against topics that another process made with another partition count.
 */
class KeepPartitionCountsTests {

    private static final TopicLayout SIX_PARTITIONS = new TopicLayout(6, (short) 1, 1);
    private static final String REQUESTS = Topics.REQUESTS.name();
    private static final String PROGRESS = Topics.PROGRESS.name();
    /** A Kafka Streams changelog the worker declares ({@link TopicLayout#changelogs}). */
    private static final String CHANGELOG = "app-runs-changelog";

    @TempDir
    Path dataDir;

    @Test
    void topicCreationAddsTheMissingTopicsButNeverPartitionsToAnExistingOne() throws Exception {
        try (var broker = KraftBroker.start(BrokerSettings.singleNode(dataDir));
             var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(REQUESTS, 1, (short) 1), new NewTopic(CHANGELOG, 1, (short) 1)))
                    .all().get();

            startTopicCreation(broker.bootstrapServers(), true);

            awaitMetadataOfEverythingBefore(admin);
            assertThat(partitions(admin, REQUESTS)).as("the existing topic keeps its count").isEqualTo(1);
            assertThat(partitions(admin, CHANGELOG)).as("so does an existing changelog").isEqualTo(1);
            assertThat(partitions(admin, PROGRESS)).as("a missing one is created as configured").isEqualTo(6);
            assertThat(partitions(admin, "app-threads-changelog")).as("a missing changelog too").isEqualTo(6);
        }
    }

    @Test
    void withoutItKafkaAdminAddsPartitionsToTheExistingTopic() throws Exception {
        try (var broker = KraftBroker.start(BrokerSettings.singleNode(dataDir));
             var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(REQUESTS, 1, (short) 1))).all().get();

            startTopicCreation(broker.bootstrapServers(), false);

            awaitMetadataOfEverythingBefore(admin);
            assertThat(partitions(admin, REQUESTS)).isEqualTo(6);
        }
    }

    /** A context holding the layout's topics and a KafkaAdmin, which creates them when the context starts. */
    private static void startTopicCreation(String bootstrap, boolean keepPartitionCounts) {
        try (var context = new GenericApplicationContext()) {
            context.registerBean("layout", KafkaAdmin.NewTopics.class,
                    () -> new KafkaAdmin.NewTopics(SIX_PARTITIONS.newTopics().toArray(NewTopic[]::new)));
            context.registerBean("changelogs", KafkaAdmin.NewTopics.class, () -> new KafkaAdmin.NewTopics(
                    SIX_PARTITIONS.changelogs("app", List.of("runs", "threads")).toArray(NewTopic[]::new)));
            context.registerBean(KafkaAdmin.class, () -> {
                var kafkaAdmin = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                if (keepPartitionCounts) {
                    kafkaAdmin.setCreateOrModifyTopic(
                            SIX_PARTITIONS.keepingPartitionCounts(kafkaAdmin.getConfigurationProperties()));
                }
                return kafkaAdmin;
            });
            context.refresh();
        }
    }

    /** The broker applies metadata changes in order: once a topic created now is visible, every earlier change is. */
    private static void awaitMetadataOfEverythingBefore(Admin admin) throws Exception {
        admin.createTopics(List.of(new NewTopic("marker", 1, (short) 1))).all().get();
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.listTopics().names().get().contains("marker"));
    }

    private static int partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }
}
