package dev.kgraph.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamOptionsTests {

    @Test
    void theLoadToolHandsStreamModeToTheStreamBench() {
        assertThat(StreamOptions.requested(new String[] {"http://127.0.0.1:1", "--mode", "stream"})).isTrue();
        assertThat(StreamOptions.requested(new String[] {"--mode=stream"})).isTrue();
        assertThat(StreamOptions.requested(new String[] {"--mode", "new-thread"})).isFalse();
    }

    @Test
    void loopsOneEchoClientByDefault() {
        var options = StreamOptions.parse(new String[] {"--mode", "stream"});

        assertThat(options.burst()).isFalse();
        assertThat(options.clients()).isEqualTo(1);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.graph()).isEqualTo("echo");
        assertThat(options.streamModes()).isEmpty();
        assertThat(options.createThread()).isFalse();
        assertThat(options.heapSample()).as("no Prometheus scrapes while latency is measured").isZero();
        assertThat(StreamOptions.parse(new String[] {"--mode", "stream", "--streams", "5"}).heapSample())
                .isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void parsesABurstOfEmitterStreams() {
        var options = StreamOptions.parse(new String[] {"http://localhost:18401", "--mode", "stream", "--streams",
            "1000", "--graph", "emitter", "--count", "100", "--stream-mode", "custom, values", "--cpu-pid",
            "server=42", "--heap-sample-ms", "200", "--json"});

        assertThat(options.burst()).isTrue();
        assertThat(options.streams()).isEqualTo(1000);
        assertThat(options.streamModes()).containsExactly("custom", "values");
        assertThat(options.cpuPids()).isEqualTo(Map.of("server", 42L));
        assertThat(options.heapSample()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void refusesWhatWouldMakeABurstAmbiguousOrHarmful() {
        assertThatIllegalArgumentException().isThrownBy(() -> StreamOptions.parse(new String[] {
            "--mode", "stream", "--streams", "10", "--clients", "3"})).withMessageContaining("at once");
        assertThatIllegalArgumentException().isThrownBy(() -> StreamOptions.parse(new String[] {
            "--mode", "stream", "--streams", "10001"}));
        assertThatIllegalArgumentException().isThrownBy(() -> StreamOptions.parse(new String[] {
            "--mode", "stream", "--streams", "0"}));
        assertThatIllegalArgumentException().isThrownBy(() -> StreamOptions.parse(new String[] {
            "http://192.0.2.1:1", "--mode", "stream"})).withMessageContaining("non-loopback");
        assertThatIllegalArgumentException().isThrownBy(() -> StreamOptions.parse(new String[] {
            "--mode", "stream", "--unique", "yes"})).withMessageContaining("unknown options");
    }
}
