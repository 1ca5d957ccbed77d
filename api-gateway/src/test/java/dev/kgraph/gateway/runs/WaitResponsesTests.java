package dev.kgraph.gateway.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;

class WaitResponsesTests {

    @Test
    void valuesCarriedAsTheirJsonAreTheBodyAsTheyAreAndOnceChangedAreEncodedFromTheirContent() {
        var json = "{\"messages\":[{\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8);
        var values = dev.kgraph.model.json.RawJsonMap.of(json);

        assertThat(WaitResponses.bodyOf(values)).isSameAs(json);

        values.put("count", 1);
        assertThat(new String(WaitResponses.bodyOf(values), StandardCharsets.UTF_8))
                .isEqualTo("{\"messages\":[{\"content\":\"hi\"}],\"count\":1}");
        assertThat(new String(WaitResponses.bodyOf(Map.of("done", true)), StandardCharsets.UTF_8))
                .isEqualTo("{\"done\":true}");
    }

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
                .recordWith(ArrayList::new)
                .thenConsumeWhile(chunk -> true)
                .consumeRecordedWith(recorded -> {
                    var chunks = List.copyOf(recorded);
                    // the twelve ticks of the minute were not queued: at most the one the merge holds
                    assertThat(chunks.getLast()).isEqualTo("{\"done\":true}");
                    assertThat(chunks.subList(0, chunks.size() - 1)).hasSizeLessThanOrEqualTo(1).containsOnly("\n");
                })
                .verifyComplete();
    }

    @Test
    void theResultIsWrittenWhenTheRunEndsOnAnotherThreadWhileNettyAsksForMore() throws Exception {
        // the run's end arrives on the events tail's thread; Netty asks for the next chunks on its event loop; with
        // the ticks concatenated "until" the result, about one round in 15,000 of this test never got the result
        var eventLoop = Executors.newSingleThreadExecutor();
        var eventsTail = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 60_000; round++) {
                var result = new CompletableFuture<Object>();
                var chunks = new CopyOnWriteArrayList<String>();
                var ended = new CountDownLatch(1);
                var subscriber = new BaseSubscriber<byte[]>() {
                    @Override
                    protected void hookOnSubscribe(Subscription subscription) {
                        subscription.request(1);
                    }

                    @Override
                    protected void hookOnNext(byte[] chunk) {
                        chunks.add(new String(chunk, StandardCharsets.UTF_8));
                        if (chunks.size() == 1) {
                            eventLoop.execute(() -> request(31));
                        }
                    }

                    @Override
                    protected void hookOnComplete() {
                        ended.countDown();
                    }

                    @Override
                    protected void hookOnError(Throwable failure) {
                        ended.countDown();
                    }
                };
                WaitResponses.chunks(result, Duration.ofSeconds(5)).subscribe(subscriber);
                eventsTail.execute(() -> result.complete(Map.of("done", true)));

                boolean answered = ended.await(10, TimeUnit.SECONDS);
                subscriber.dispose();
                assertThat(answered).as("round %d answered; chunks %s", round, chunks).isTrue();
                assertThat(chunks).as("round %d", round).containsExactly("", "{\"done\":true}");
            }
        } finally {
            eventLoop.shutdownNow();
            eventsTail.shutdownNow();
        }
    }

    @Test
    void aNullResultIsJsonNull() {
        var result = new CompletableFuture<Object>();

        StepVerifier.withVirtualTime(() -> WaitResponses.chunks(result, Duration.ofSeconds(5))
                        .map(bytes -> new String(bytes, StandardCharsets.UTF_8)))
                .expectNext("")
                .then(() -> result.complete(null))
                .expectNext("null")
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
