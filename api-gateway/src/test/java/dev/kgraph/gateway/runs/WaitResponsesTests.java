package dev.kgraph.gateway.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class WaitResponsesTests {

    @Test
    void aClientThatReadsSlowlyMissesKeepAlivesButGetsItsResult() {
        var result = new CompletableFuture<Object>();

        // Netty asks for one chunk, then nothing for a long time (a saturated event loop), then for the rest
        StepVerifier.withVirtualTime(() -> WaitResponses.chunks(result, Duration.ofSeconds(5))
                        .map(bytes -> new String(bytes, StandardCharsets.UTF_8)), 1)
                .expectNext("")
                .thenAwait(Duration.ofSeconds(60))
                .then(() -> result.complete(Map.of("done", true)))
                .thenRequest(100)
                .expectNext("{\"done\":true}")
                .verifyComplete();
    }

    @Test
    void aWaitingClientGetsANewlinePerInterval() {
        var result = new CompletableFuture<Object>();

        StepVerifier.withVirtualTime(() -> WaitResponses.chunks(result, Duration.ofSeconds(5))
                        .map(bytes -> new String(bytes, StandardCharsets.UTF_8)))
                .expectNext("")
                .thenAwait(Duration.ofSeconds(10))
                .expectNext("\n", "\n")
                .then(() -> result.complete(Map.of("done", true)))
                .expectNext("{\"done\":true}")
                .verifyComplete();
    }

    @Test
    void aResultKnownBeforeTheFirstWriteIsOnePlainBodyWithItsLength() {
        var response = new org.springframework.mock.http.server.reactive.MockServerHttpResponse();

        WaitResponses.write(response, CompletableFuture.completedFuture(Map.of("done", true)), Duration.ofSeconds(5))
                .block(Duration.ofSeconds(5));

        assertThat(response.getBodyAsString().block()).isEqualTo("{\"done\":true}");
        assertThat(response.getHeaders().getContentLength()).isEqualTo(13);
        assertThat(response.getHeaders().getContentType()).hasToString("application/json");
    }
}
