package dev.kgraph.gateway.streaming;

import dev.kgraph.gateway.api.Ids;
import dev.kgraph.gateway.requests.SequencerClient;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /threads/{thread_id}/stream} (the SDKs' {@code threads.joinStream}): the events of every run on the
 * thread, one after the other, on a connection that stays open until the client closes it. Runs publish their events
 * only when someone streams them, so the gateway holds a lease on the thread's writer ({@code WatchThread}), renewed
 * while the client stays: every run that starts meanwhile publishes, and a run already running starts publishing at
 * once. Without {@code Last-Event-ID}: events from now on; with it, the events after that id ({@code -}: from the
 * oldest the topic holds), then on live, on any gateway. {@code stream_mode(s)} selects what is sent
 * ({@link ThreadStreamModes}): every run's events ({@code run_modes}, the default), runs' starts and ends
 * ({@code lifecycle}), state updates ({@code state_update}).
 */
@RestController
class ThreadStreamController {
    /** How long one grant of the lease lasts; it is renewed every third of it while the client stays. */
    static final Duration WATCH_LEASE = Duration.ofSeconds(60);

    private final RunStreams streams;
    private final SequencerClient sequencer;
    private final Clock clock;

    ThreadStreamController(RunStreams streams, SequencerClient sequencer, Clock gatewayClock) {
        this.streams = streams;
        this.sequencer = sequencer;
        this.clock = gatewayClock;
    }

    @GetMapping("/threads/{threadId}/stream")
    Mono<Void> join(@PathVariable String threadId,
                    @RequestParam(name = "stream_mode", required = false) List<String> streamMode,
                    @RequestParam(name = "stream_modes", required = false) List<String> streamModes,
                    @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                    ServerHttpResponse response) {
        var tid = Ids.requireUuid(threadId, "thread ID").toString();
        var modes = ThreadStreamModes.parse(streamMode, streamModes);
        Long after = lastEventId == null || lastEventId.isBlank() ? null : SseFrames.parseLastEventId(lastEventId);
        return Mono.defer(() -> {
            // subscribe before the lease is granted, so the first event of a run it turns on cannot be missed
            var live = after == null ? streams.liveThread(tid, modes) : null;
            var held = new RunSubscription[] {live};
            return watch(tid)
                    .flatMap(thread -> {
                        var subscription = live != null ? live : streams.resumeThread(tid, after, modes);
                        held[0] = subscription;
                        var renewals = Flux.interval(WATCH_LEASE.dividedBy(3))
                                .concatMap(tick -> watch(tid).onErrorResume(failed -> Mono.empty()))
                                .subscribe();
                        return StreamResponses.write(response,
                                subscription.frames().doFinally(signal -> renewals.dispose()),
                                streams.settings().heartbeat());
                    })
                    .doFinally(signal -> {
                        if (held[0] != null) {
                            held[0].close();
                        }
                    });
        });
    }

    /** Grants (or renews) the lease: runs on the thread publish their events until it passes. 404: no such thread. */
    private Mono<Reply> watch(String threadId) {
        var until = clock.instant().plus(WATCH_LEASE).toString();
        return sequencer.ask((requestId, replyTo) -> new ThreadRequest.WatchThread(requestId, threadId, replyTo, until))
                .flatMap(SequencerClient.requireOk());
    }
}
