package dev.kgraph.standalone.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerCommandLineTests {

    @Test
    void parsesTheOptionsOfOneNodeOfAThreeNodeCluster() {
        BrokerSettings settings = BrokerCommandLine.parse(new String[] {
            "--data-dir=/var/kgraph/node2", "--node-id=2", "--port=19094", "--controller-port=19095",
            "--voters=1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097", "--cluster-id=MkU3OEVBNTcwNTJENDM2Qk",
            "--log.retention.hours=1"});

        assertThat(settings.dataDir()).isEqualTo(Path.of("/var/kgraph/node2"));
        assertThat(settings.nodeId()).isEqualTo(2);
        assertThat(settings.port()).isEqualTo(19094);
        assertThat(settings.controllerPort()).isEqualTo(19095);
        assertThat(settings.quorumSize()).isEqualTo(3);
        assertThat(settings.clusterId()).isEqualTo("MkU3OEVBNTcwNTJENDM2Qk");
        assertThat(settings.extraProperties()).containsExactlyEntriesOf(Map.of("log.retention.hours", "1"));
    }

    @Test
    void aSingleNodeNeedsOnlyADataDirectory() {
        BrokerSettings settings = BrokerCommandLine.parse(new String[] {"--data-dir=data"});

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(9092);
        assertThat(settings.controllerVoters()).isEmpty();
        assertThat(settings.quorumSize()).isEqualTo(1);
    }

    @Test
    void rejectsSeveralVotersWithoutASharedClusterId() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BrokerCommandLine.parse(new String[] {"--data-dir=d", "--voters=1@h:1,2@h:2"}))
                .withMessageContaining("--cluster-id");
    }

    @Test
    void rejectsUnknownOptionsAndMissingDataDir() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BrokerCommandLine.parse(new String[] {"--data-dir=d", "--nodeid=2"}))
                .withMessageContaining("nodeid");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BrokerCommandLine.parse(new String[] {"--port=1"}))
                .withMessageContaining("--data-dir");
    }

    @Test
    void aThreeNodeQuorumReplicatesInternalTopicsThreeTimes() {
        BrokerSettings settings = BrokerSettings.singleNode(Path.of("d"))
                .withQuorum(1, 19093, List.of("1@h:19093", "2@h:19095", "3@h:19097"), "MkU3OEVBNTcwNTJENDM2Qk");

        var props = BrokerProperties.of(settings, 19092, 19093);

        assertThat(props.getProperty("controller.quorum.voters")).isEqualTo("1@h:19093,2@h:19095,3@h:19097");
        assertThat(props.getProperty("offsets.topic.replication.factor")).isEqualTo("3");
        assertThat(props.getProperty("min.insync.replicas")).isEqualTo("2");
    }
}
