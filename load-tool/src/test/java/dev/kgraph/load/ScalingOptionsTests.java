package dev.kgraph.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScalingOptionsTests {

    @Test
    void defaultsToTenRunsOfOneHundredMillisecondsForTwentySecondsAfterTenOfWarmUp() {
        ScalingOptions options = ScalingOptions.parse(new String[0]);

        assertThat(options.inFlight()).isEqualTo(10);
        assertThat(options.runMs()).isEqualTo(100);
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.partitions()).isEqualTo(6);
        assertThat(options.killPid()).isNull();
        assertThat(options.cpuPids()).isEmpty();
    }

    @Test
    void keepsTheWatchedProcessesInTheOrderGiven() {
        ScalingOptions options = ScalingOptions.parse(new String[] {
            "http://localhost:9/", "--in-flight=150", "--cpu-pid", "gateway=10", "--cpu-pid=worker-1=11",
            "--cpu-pid", "broker=9", "--kill-pid", "11", "--kill-after", "5", "--duration", "30", "--json"});

        assertThat(options.inFlight()).isEqualTo(150);
        assertThat(options.cpuPids()).containsExactly(java.util.Map.entry("gateway", 10L),
                java.util.Map.entry("worker-1", 11L), java.util.Map.entry("broker", 9L));
        assertThat(options.killPid()).isEqualTo(11L);
        assertThat(options.killAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.json()).isTrue();
    }

    @Test
    void takesTheWarmUpAManyProcessClusterNeedsToSettleButNotMoreThanTenMinutes() {
        // five JVMs on two cores are still compiling after two minutes of load (docs/benchmarks.md, section 4)
        assertThat(ScalingOptions.parse(new String[] {"--warmup", "180"}).warmup()).isEqualTo(Duration.ofSeconds(180));
        assertThatIllegalArgumentException().isThrownBy(() -> ScalingOptions.parse(new String[] {"--warmup", "601"}))
                .withMessageContaining("--warmup");
    }

    @Test
    void refusesAKillOutsideTheWindowAndAKillWithoutAProcess() {
        assertThatIllegalArgumentException().isThrownBy(() -> ScalingOptions.parse(new String[] {
            "--kill-pid", "1", "--kill-after", "20", "--duration", "20"})).withMessageContaining("--kill-after");
        assertThatIllegalArgumentException().isThrownBy(() -> ScalingOptions.parse(new String[] {
            "--kill-after", "5"})).withMessageContaining("--kill-pid");
    }

    @Test
    void refusesRemoteServersAndUnboundedLoads() {
        assertThatIllegalArgumentException().isThrownBy(() -> ScalingOptions.parse(new String[] {"http://192.0.2.1"}));
        assertThatIllegalArgumentException().isThrownBy(() -> ScalingOptions.parse(new String[] {
            "--in-flight", "10001"}));
        assertThatIllegalArgumentException().isThrownBy(() -> ScalingOptions.parse(new String[] {"--cpu-pid", "7"}));
        assertThatIllegalArgumentException().isThrownBy(() -> ScalingOptions.parse(new String[] {"--clients", "7"}))
                .withMessageContaining("unknown options");
    }
}
