package dev.kgraph.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewaySettingsTests {

    private static final long MIB = 1024 * 1024;

    @Test
    void waitersByDefaultAreBoundedByWhatTheHeapHolds() {
        // 512 MiB (a standalone server with KGRAPH_HEAP=512m; a gateway image in its 1 GB container, heap half of it):
        // a burst of 10,000 callers fits, the old fixed 50,000 would not
        assertThat(GatewaySettings.maxWaitersFor(512 * MIB)).isEqualTo(13_107);
        assertThat(GatewaySettings.maxWaitersFor(64 * MIB)).isEqualTo(1_638);
        // a large heap: the fixed cap
        assertThat(GatewaySettings.maxWaitersFor(6144 * MIB)).isEqualTo(50_000);
        assertThat(GatewaySettings.maxWaitersFor(0)).isEqualTo(1);
    }

    @Test
    void unsetWaitersFollowThisJvmsHeapAndASetValueIsKept() {
        var unset = new GatewaySettings(null, Duration.ofSeconds(30), Duration.ofSeconds(5), 20_000, 0);
        assertThat(unset.maxWaiters()).isEqualTo(GatewaySettings.maxWaitersFor(Runtime.getRuntime().maxMemory()));
        assertThat(unset.instanceId()).startsWith("gateway-");

        var set = new GatewaySettings("g1", Duration.ofSeconds(30), Duration.ofSeconds(5), 20_000, 70_000);
        assertThat(set.maxWaiters()).isEqualTo(70_000);
    }
}
