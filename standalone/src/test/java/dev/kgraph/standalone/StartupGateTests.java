package dev.kgraph.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kgraph.gateway.api.ApiException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** A run sent while the server is still starting waits for readiness instead of failing; health is never held. */
class StartupGateTests {

    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicInteger passed = new AtomicInteger();
    private final WebFilterChain handler = exchange -> {
        passed.incrementAndGet();
        exchange.getResponse().setStatusCode(HttpStatus.OK);
        return Mono.empty();
    };

    private static MockServerWebExchange post(String path) {
        return MockServerWebExchange.from(MockServerHttpRequest.post(path));
    }

    @Test
    void aRunSentBeforeReadinessIsHeldAndGoesThroughOnceReady() throws Exception {
        var gate = new StartupGate(ready::get, Duration.ofSeconds(30));
        var exchange = post("/runs/wait");

        CompletableFuture<Void> request = gate.filter(exchange, handler).toFuture();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> !request.isDone());
        assertThat(passed).hasValue(0);

        ready.set(true);
        request.get(5, TimeUnit.SECONDS);
        assertThat(passed).hasValue(1);
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(gate.isOpen()).isTrue();
    }

    @Test
    void onceOpenTheGateStaysOpenEvenIfReadinessDropsLater() {
        var gate = new StartupGate(ready::get, Duration.ofMillis(200));
        ready.set(true);
        gate.filter(post("/runs/wait"), handler).block(Duration.ofSeconds(5));

        ready.set(false); // e.g. a rebalance: /ok reports it, runs are not held again
        gate.filter(post("/threads"), handler).block(Duration.ofSeconds(5));

        assertThat(passed).hasValue(2);
    }

    @Test
    void aRequestStillNotReadyAfterTheHoldGets503WithRetryAfter() {
        var gate = new StartupGate(ready::get, Duration.ofMillis(100));

        assertThatThrownBy(() -> gate.filter(post("/runs/wait"), handler).block(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
                    assertThat(e.detail()).contains("Not ready yet");
                });
        assertThat(passed).hasValue(0);
    }

    /**
     * A held request goes on once ready; what it then does may block a moment (a gateway's first Kafka send waits for
     * the topic's metadata) and must not be interrupted: a timer whose first tick ran before its start returned is
     * cancelled by that start with an interrupt of the thread running the tick, which once made such a send fail with
     * Kafka's InterruptException and the request with 500. Many fresh gates, so the race has its chances.
     */
    @Test
    void aHeldRequestGoesOnUninterrupted() throws Exception {
        var interrupted = new AtomicInteger();
        WebFilterChain blockingHandler = exchange -> {
            try {
                new CountDownLatch(1).await(2, TimeUnit.MILLISECONDS); // a short blocking wait, as a first send's
                exchange.getResponse().setStatusCode(HttpStatus.OK);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                exchange.getResponse().setStatusCode(HttpStatus.INTERNAL_SERVER_ERROR);
            }
            return Mono.empty();
        };
        // ready at the request's arrival, or from the gate's first check after it
        for (int readyFromCall : new int[] {1, 2}) {
            for (int i = 0; i < 150; i++) {
                var calls = new AtomicInteger();
                var exchange = post("/threads/search");
                new StartupGate(() -> calls.incrementAndGet() >= readyFromCall, Duration.ofSeconds(30))
                        .filter(exchange, blockingHandler).block(Duration.ofSeconds(5));
                assertThat(exchange.getResponse().getStatusCode()).as("ready from call %d, request %d",
                        readyFromCall, i).isEqualTo(HttpStatus.OK);
            }
        }
        assertThat(interrupted).hasValue(0);
    }

    @Test
    void healthOkInfoAndDocsAreNeverHeld() {
        var gate = new StartupGate(ready::get, Duration.ofSeconds(30));
        for (var path : new String[] {"/ok", "/info", "/actuator/health/readiness", "/docs", "/openapi.json"}) {
            gate.filter(MockServerWebExchange.from(MockServerHttpRequest.get(path)), handler)
                    .block(Duration.ofSeconds(1));
        }
        assertThat(passed).hasValue(5);
        assertThat(gate.isOpen()).isFalse();
    }
}
