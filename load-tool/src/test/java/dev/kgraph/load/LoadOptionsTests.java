package dev.kgraph.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadOptionsTests {

    @Test
    void defaultsToOneNewThreadClientForTwentySecondsOnTheLocalServer() {
        LoadOptions options = LoadOptions.parse(new String[0]);

        assertThat(options.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8123"));
        assertThat(options.mode()).isEqualTo(Mode.NEW_THREAD);
        assertThat(options.clients()).isEqualTo(1);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.warmup()).isZero();
        assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.graph()).isEqualTo("echo");
        assertThat(options.json()).isFalse();
    }

    @Test
    void acceptsSpaceAndEqualsFormsAndFlags() {
        LoadOptions options = LoadOptions.parse(new String[] {
            "http://localhost:2124/", "--mode", "same-thread", "--clients=64", "--duration", "2.5", "--warmup=3",
            "--timeout-ms", "5000", "--json", "--unique"});

        assertThat(options.baseUrl()).isEqualTo(URI.create("http://localhost:2124"));
        assertThat(options.mode()).isEqualTo(Mode.SAME_THREAD);
        assertThat(options.clients()).isEqualTo(64);
        assertThat(options.duration()).isEqualTo(Duration.ofMillis(2500));
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.json()).isTrue();
        assertThat(options.uniqueContent()).isTrue();
    }

    @Test
    void refusesNonLoopbackServers() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LoadOptions.parse(new String[] {"http://10.1.2.3:8123"}))
                .withMessageContaining("non-loopback");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LoadOptions.parse(new String[] {"https://127.0.0.1:8123"}));
    }

    @Test
    void acceptsEveryLoopbackForm() {
        assertThat(LoadOptions.parse(new String[] {"http://127.0.0.2:1"}).baseUrl().getHost()).isEqualTo("127.0.0.2");
        assertThat(LoadOptions.parse(new String[] {"http://[::1]:1"}).baseUrl().getHost()).isEqualTo("[::1]");
    }

    @Test
    void capsDurationWarmupAndClients() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LoadOptions.parse(new String[] {"--duration", "61"}))
                .withMessageContaining("--duration");
        assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.parse(new String[] {"--warmup", "31"}));
        assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.parse(new String[] {"--clients", "0"}));
        assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.parse(new String[] {"--clients", "1025"}));
        assertThat(LoadOptions.parse(new String[] {"--duration", "60"}).duration()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void rejectsUnknownModesOptionsAndMalformedNumbers() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LoadOptions.parse(new String[] {"--mode", "stateless"}))
                .withMessageContaining("new-thread, same-thread, own-thread");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LoadOptions.parse(new String[] {"--client", "3"}))
                .withMessageContaining("client");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LoadOptions.parse(new String[] {"--clients", "many"}))
                .withMessageContaining("integer");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LoadOptions.parse(new String[] {"--duration"}))
                .withMessageContaining("needs a value");
    }
}
