package dev.kgraph.standalone.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTests {

    private static final Path DIR = Path.of("/tmp/kgraph-broker-properties-test");

    @Test
    void aSingleNodeRunsSmallThreadPoolsSinceEachIdleThreadStillWakesSeveralTimesASecondButAQuorumNodeDoesNot() {
        var single = BrokerProperties.of(BrokerSettings.singleNode(DIR), 9092, 9093);
        var quorum = quorumNode();

        assertThat(single).containsEntry("num.network.threads", "1")
                .containsEntry("num.io.threads", "2")
                .containsEntry("group.coordinator.threads", "1");
        assertThat(quorum).containsEntry("num.network.threads", "2")
                .containsEntry("num.io.threads", "4")
                .doesNotContainKey("group.coordinator.threads");
    }

    @Test
    void aSingleNodeWritesItsMetadataNoOpRecordsRarelyButAQuorumKeepsKafkasDefault() {
        var single = BrokerProperties.of(BrokerSettings.singleNode(DIR), 9092, 9093);
        var quorum = quorumNode();

        assertThat(single).containsEntry("metadata.max.idle.interval.ms", "30000");
        assertThat(quorum).doesNotContainKey("metadata.max.idle.interval.ms");
    }

    @Test
    void aSingleNodeRestartedAfterACrashWaitsOnlyAShortSessionOfItsDeadSelfButAQuorumKeepsKafkasDefault() {
        var single = BrokerProperties.of(BrokerSettings.singleNode(DIR), 9092, 9093);
        var quorum = quorumNode();

        assertThat(single).containsEntry("broker.session.timeout.ms", "4000")
                .containsEntry("broker.heartbeat.interval.ms", "1000");
        assertThat(quorum).doesNotContainKey("broker.session.timeout.ms")
                .doesNotContainKey("broker.heartbeat.interval.ms");
    }

    @Test
    void extraPropertiesStillOverrideThePoolSizes() {
        var settings = BrokerSettings.singleNode(DIR)
                .withExtraProperties(Map.of("num.io.threads", "8", "num.network.threads", "3"));

        var props = BrokerProperties.of(settings, 9092, 9093);

        assertThat(props).containsEntry("num.io.threads", "8").containsEntry("num.network.threads", "3");
    }

    /** Node 2 of a three-node quorum, as the cluster fault test runs them. */
    private static java.util.Properties quorumNode() {
        return BrokerProperties.of(BrokerSettings.singleNode(DIR)
                .withQuorum(2, 9093, List.of("1@127.0.0.1:9093", "2@127.0.0.1:9094", "3@127.0.0.1:9095"), "c"), 9092, 9093);
    }
}
