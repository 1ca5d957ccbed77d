package dev.kgraph.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.model.topics.TopicLayout;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

class WorkerConfigurationTests {

    private static final String RESTORE_FETCH_WAIT =
            StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);

    @Test
    void withoutStandbysTheRestoreConsumerDoesNotHoldItsFetchesSoAStartIsNotDelayedByThem() {
        Properties config = streamsConfig(Map.of("kgraph.worker.standby-replicas", "0"));

        assertThat(config).containsEntry(RESTORE_FETCH_WAIT, WorkerConfiguration.RESTORE_FETCH_WAIT_MS);
        // the effective consumer setting, as Kafka Streams derives it for the restore consumer
        assertThat(new StreamsConfig(config).getRestoreConsumerConfigs("client")
                .get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)).isEqualTo(WorkerConfiguration.RESTORE_FETCH_WAIT_MS);
    }

    @Test
    void withStandbysTheRestoreConsumerKeepsKafkasFetchWaitSinceItTailsTheirChangelogsAllTheTime() {
        Properties config = streamsConfig(Map.of("kgraph.worker.standby-replicas", "1"));

        assertThat(config).doesNotContainKey(RESTORE_FETCH_WAIT);
    }

    @Test
    void aGroupInstanceIdMakesTheMainConsumerAStaticMemberAndOnlyIt() {
        Properties config = streamsConfig(Map.of("kgraph.worker.group-instance-id", "worker-0"));
        var streams = new StreamsConfig(config);

        // Kafka Streams appends the stream thread's index
        assertThat(streams.getMainConsumerConfigs("group", "client", 0)
                .get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).isEqualTo("worker-0-0");
        assertThat(streams.getRestoreConsumerConfigs("client")).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }

    @Test
    void withoutAGroupInstanceIdTheWorkerIsADynamicMember() {
        var streams = new StreamsConfig(streamsConfig(Map.of()));

        assertThat(streams.getMainConsumerConfigs("group", "client", 0))
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }

    @Test
    void thePartitionAssignorReadsKafkaFivesProcessingExceptionDefaultFromTheMainConsumersConfigsAsWell() {
        var mainConsumer = new StreamsConfig(streamsConfig(Map.of())).getMainConsumerConfigs("group", "client", 0);

        // what StreamsPartitionAssignor.configure builds (ClientUtils.QuietStreamsConfig): it warns at every start
        // when this is off
        assertThat(new StreamsConfig(mainConsumer)
                .getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isTrue();
    }

    private static Properties streamsConfig(Map<String, String> properties) {
        var settings = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("kgraph.worker", WorkerSettings.class);
        return WorkerConfiguration.streamsConfig(new KafkaProperties(), settings, new TopicLayout(6, (short) 1, 1));
    }
}
