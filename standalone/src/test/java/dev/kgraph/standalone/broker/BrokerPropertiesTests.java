package dev.kgraph.standalone.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTests {

    private static final Path DIR = Path.of("/tmp/kgraph-broker-properties-test");

    @Test
    void anEmbeddedNodeRunsSmallThreadPoolsSinceEachIdleThreadStillWakesSeveralTimesASecond() {
        var props = BrokerProperties.of(BrokerSettings.singleNode(DIR), 9092, 9093);

        assertThat(props).containsEntry("num.network.threads", "1")
                .containsEntry("num.io.threads", "2")
                .containsEntry("group.coordinator.threads", "1");
    }

    @Test
    void extraPropertiesStillOverrideThePoolSizes() {
        var settings = BrokerSettings.singleNode(DIR)
                .withExtraProperties(Map.of("num.io.threads", "8", "num.network.threads", "3"));

        var props = BrokerProperties.of(settings, 9092, 9093);

        assertThat(props).containsEntry("num.io.threads", "8").containsEntry("num.network.threads", "3");
    }
}
