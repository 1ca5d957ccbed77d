package dev.kgraph.gateway.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kgraph.gateway.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class SseFramesTests {

    @Test
    void anEventIsFramedAsThePythonServerDoesWithItsOffsetAsId() {
        var bytes = SseFrames.encode(new StreamFrame(42, "values", utf8("{\"a\":1}"), 1));

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("event: values\r\ndata: {\"a\":1}\r\nid: 42\r\n\r\n");
    }

    @Test
    void anEventWithoutPositionHasNoId() {
        assertThat(new String(SseFrames.encode("error", utf8("{}"), -1), StandardCharsets.UTF_8))
                .isEqualTo("event: error\r\ndata: {}\r\n\r\n");
    }

    @Test
    void lastEventIdIsADecimalOffsetOrMinusOneForTheStart() {
        assertThat(SseFrames.parseLastEventId("17")).isEqualTo(17);
        assertThat(SseFrames.parseLastEventId(" 9007199254740993 ")).isEqualTo(9007199254740993L);
        assertThat(SseFrames.parseLastEventId("-1")).isEqualTo(-1);
        assertThat(SseFrames.parseLastEventId("-")).isEqualTo(-1);
        assertThatThrownBy(() -> SseFrames.parseLastEventId("1700000000000-3")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> SseFrames.parseLastEventId("-5")).isInstanceOf(ApiException.class);
    }

    @Test
    void idsCompareAsNumbersNotAsText() {
        // langgraph#8112: "-10" sorted before "-2"; offsets are plain increasing numbers
        var ids = List.of(9L, 10L, 100L).stream().map(id -> new String(SseFrames.encode(
                new StreamFrame(id, "custom", utf8("1"), 1)), StandardCharsets.UTF_8)).toList();

        assertThat(ids).extracting(frame -> Long.parseLong(frame.replaceAll("(?s).*id: (\\d+).*", "$1")))
                .isSorted().containsExactly(9L, 10L, 100L);
    }

    @Test
    void eventModesForJoinFilters() {
        assertThat(new StreamFrame(1, "messages", new byte[0], 1).mode()).isEqualTo("messages-tuple");
        assertThat(new StreamFrame(1, "messages/partial", new byte[0], 1).mode()).isEqualTo("messages");
        assertThat(new StreamFrame(1, "updates|child:1234", new byte[0], 1).mode()).isEqualTo("updates");
        assertThat(new StreamFrame(1, "control", new byte[0], 1).isDone()).isTrue();
    }

    @Test
    void theBodyCommitsHeadersThenInterleavesHeartbeatsUntilTheEventsEnd() {
        StepVerifier.withVirtualTime(() -> {
                    var frames = Flux.just(new StreamFrame(3, "values", utf8("{}"), 1))
                            .concatWith(reactor.core.publisher.Mono.delay(Duration.ofSeconds(12)).then(
                                    reactor.core.publisher.Mono.empty()));
                    return StreamResponses.body(frames, Duration.ofSeconds(5))
                            .map(b -> new String(b, StandardCharsets.UTF_8));
                })
                .expectNext("")
                .expectNext("event: values\r\ndata: {}\r\nid: 3\r\n\r\n")
                .thenAwait(Duration.ofSeconds(12))
                .expectNext(": heartbeat\r\n\r\n", ": heartbeat\r\n\r\n")
                .verifyComplete();
    }

    @Test
    void aSlowClientOverflowsItsBoundedBufferAndTheStreamFailsInsteadOfGrowing() {
        var closed = new boolean[1];
        var subscription = new RunSubscription("run", null, 4, () -> closed[0] = true);
        for (int i = 0; i < 10; i++) {
            subscription.offer(new StreamFrame(i, "custom", utf8(Integer.toString(i)), 1)); // never blocks
        }

        StepVerifier.create(subscription.frames().map(StreamFrame::id))
                .expectNext(0L, 1L, 2L, 3L)
                .expectError(RunSubscription.Overflow.class)
                .verify(Duration.ofSeconds(5));
        assertThat(closed[0]).isTrue();
    }

    @Test
    void aJoinFilterKeepsMetadataAndErrorsAndEndsAtTheDoneMarker() {
        var subscription = new RunSubscription("run", java.util.Set.of("updates"), 16, () -> { });
        subscription.offer(new StreamFrame(0, "metadata", utf8("{}"), 1));
        subscription.offer(new StreamFrame(1, "values", utf8("{}"), 1));
        subscription.offer(new StreamFrame(2, "updates", utf8("{}"), 1));
        subscription.offer(new StreamFrame(3, "error", utf8("{}"), 1));
        subscription.offer(new StreamFrame(4, "control", utf8("\"done\""), 1));
        subscription.offer(new StreamFrame(5, "updates", utf8("{}"), 2));

        StepVerifier.create(subscription.frames().map(StreamFrame::id)).expectNext(0L, 2L, 3L).verifyComplete();
    }

    @Test
    void theDoneMarkerEndsTheStreamOnlyOnceTheRunIsSettledSoAReadAfterTheEndFindsItFinished() {
        var settled = new java.util.concurrent.CompletableFuture<Object>();
        var subscription = new RunSubscription("run", null, 16, () -> { }).endOnlyOnceSettled(settled);
        subscription.offer(new StreamFrame(0, "metadata", utf8("{}"), 1));
        subscription.offer(new StreamFrame(1, "control", utf8("\"done\""), 1));
        assertThat(subscription.ended()).isFalse();
        subscription.offer(new StreamFrame(2, "metadata", utf8("{}"), 2)); // a fenced attempt's marker is no end

        settled.complete("success");

        assertThat(subscription.ended()).isTrue();
        StepVerifier.create(subscription.frames().map(StreamFrame::id)).expectNext(0L, 2L).verifyComplete();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
