package dev.kgraph.gateway.streaming;

import dev.kgraph.gateway.api.ApiException;
import dev.kgraph.gateway.api.Ids;
import dev.kgraph.gateway.api.RunCreateRequest;
import dev.kgraph.gateway.api.RunCreationChecks;
import dev.kgraph.gateway.api.RunRequestParser;
import dev.kgraph.gateway.assistants.AssistantDirectory;
import dev.kgraph.gateway.runs.RunLauncher;
import dev.kgraph.gateway.runs.RunSpecs;
import dev.kgraph.gateway.requests.RunCompletions;
import dev.kgraph.gateway.requests.SequencerClient;
import dev.kgraph.model.ids.Uuid7;
import dev.kgraph.model.json.Json;
import dev.kgraph.model.requests.ThreadRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /threads/{thread_id}/runs/stream}, {@code POST /runs/stream} and the join stream
 * {@code GET /threads/{thread_id}/runs/{run_id}/stream} ({@code Last-Event-ID}, {@code stream_mode},
 * {@code cancel_on_disconnect}).
 */
@RestController
class RunStreamController {
    private final RunStreamLauncher streamLauncher;
    private final RunStreams streams;
    private final RunCompletions completions;
    private final RunLauncher launcher;
    private final SequencerClient sequencer;
    private final AssistantDirectory assistants;
    private final Clock clock;

    RunStreamController(RunStreamLauncher streamLauncher, RunStreams streams, RunCompletions completions,
                        RunLauncher launcher, SequencerClient sequencer, AssistantDirectory assistants, Clock gatewayClock) {
        this.streamLauncher = streamLauncher;
        this.streams = streams;
        this.completions = completions;
        this.launcher = launcher;
        this.sequencer = sequencer;
        this.assistants = assistants;
        this.clock = gatewayClock;
    }

    @PostMapping("/threads/{threadId}/runs/stream")
    Mono<Void> createAndStream(@PathVariable String threadId, @RequestBody(required = false) JsonNode body,
                               ServerHttpResponse response) {
        var tid = Ids.requireUuid(threadId, "thread ID").toString();
        RunCreateRequest request = RunRequestParser.parse(body);
        RunCreationChecks.check(request, true);
        var spec = StreamModes.streamed(request, RunSpecs.build(request, tid, Uuid7.next(),
                assistants.resolve(request.assistantId()), false, clock.instant()));
        var runPath = "/threads/" + tid + "/runs/" + spec.runId();
        return streamLauncher.createAndStream(tid, spec, response, runPath, runPath + "/stream");
    }

    /** Stateless: a new thread per run, deleted afterwards unless {@code on_completion: keep}. */
    @PostMapping("/runs/stream")
    Mono<Void> createStatelessAndStream(@RequestBody(required = false) JsonNode body, ServerHttpResponse response) {
        RunCreateRequest request = RunRequestParser.parse(body);
        RunCreationChecks.check(request, false);
        var tid = Uuid7.next();
        var spec = StreamModes.streamed(request, RunSpecs.stateless(request, tid, Uuid7.next(),
                assistants.resolve(request.assistantId()), clock.instant()));
        var runPath = "/threads/" + tid + "/runs/" + spec.runId();
        return streamLauncher.createAndStream(tid, spec, response, "/runs/" + spec.runId(), runPath + "/stream");
    }

    /**
     * Joins a run's stream. Without {@code Last-Event-ID}: its events from now on (a run that already ended: the
     * stream ends at once). With it: the events after that id, read back from Kafka on whichever gateway this is
     * ({@code -1} replays the run from its start), for as long as {@code kgraph.stream} retains them. Joining a run
     * nobody streamed so far turns its streaming on (the thread's writer tells its execution): events from then on.
     */
    @GetMapping("/threads/{threadId}/runs/{runId}/stream")
    Mono<Void> join(@PathVariable String threadId, @PathVariable String runId,
                    @RequestParam(name = "stream_mode", required = false) List<String> streamMode,
                    @RequestParam(name = "cancel_on_disconnect", defaultValue = "false") String cancelOnDisconnect,
                    @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                    ServerHttpResponse response) {
        var tid = Ids.requireUuid(threadId, "thread ID").toString();
        var rid = Ids.requireUuid(runId, "run ID").toString();
        Set<String> modes = StreamModes.parseFilter(streamMode);
        boolean cancel = cancelOnDisconnect.equals("1") || cancelOnDisconnect.equalsIgnoreCase("true");
        Long after = lastEventId == null || lastEventId.isBlank() ? null : SseFrames.parseLastEventId(lastEventId);
        return Mono.defer(() -> {
            var waiter = completions.register(rid);
            // subscribe before asking about the run, so nothing between the answer and the subscription is lost
            var live = after == null ? streams.live(rid, modes).endOnlyOnceSettled(waiter.result()) : null;
            var held = new RunSubscription[] {live};
            // StreamRun: a run nobody streamed so far starts publishing its events now (a live join)
            return sequencer.ask((requestId, replyTo) -> new ThreadRequest.StreamRun(requestId, tid, replyTo, rid))
                    .flatMap(SequencerClient.requireOk())
                    .flatMap(reply -> {
                        var run = RunView.of(reply.body());
                        CompletableFuture<?> ended = run.finished() ? CompletableFuture.completedFuture(null)
                                : waiter.result();
                        RunSubscription subscription;
                        if (after != null && run.streamed()) {
                            subscription = streams.resume(tid, rid, after, run.createdAt(), modes, ended);
                            held[0] = subscription;
                        } else {
                            subscription = live != null ? live
                                    : streams.live(rid, modes).endOnlyOnceSettled(waiter.result());
                            held[0] = subscription;
                            if (run.finished()) {
                                subscription.end();
                            } else {
                                streams.endWhenCompleted(subscription, waiter.result());
                            }
                        }
                        // the SDKs reconnect a broken stream to Location, with Last-Event-ID
                        response.getHeaders().set("Location", "/threads/" + tid + "/runs/" + rid + "/stream");
                        var heartbeat = streams.settings().heartbeat();
                        if (cancel && !run.finished()) {
                            heartbeat = heartbeat.compareTo(java.time.Duration.ofMillis(200)) > 0
                                    ? java.time.Duration.ofMillis(200) : heartbeat;
                            StreamResponses.onConnectionClosed(response, () -> {
                                if (!waiter.result().isDone()) {
                                    launcher.cancel(tid, rid, "interrupt").subscribe(r -> { }, failure -> { });
                                }
                            });
                        }
                        return StreamResponses.write(response, subscription.frames(), heartbeat);
                    })
                    .doFinally(signal -> {
                        waiter.release();
                        if (held[0] != null) {
                            held[0].close();
                        }
                        if (live != null && live != held[0]) {
                            live.close();
                        }
                    });
        });
    }

    /** What the join needs to know about the run. */
    private record RunView(boolean finished, boolean streamed, Instant createdAt) {
        static RunView of(Object body) {
            if (!(Json.plain(body) instanceof Map<?, ?> run)) {
                throw ApiException.notFound("Run not found");
            }
            var status = String.valueOf(run.get("status"));
            var kwargs = run.get("kwargs") instanceof Map<?, ?> k ? k : Map.of();
            boolean streamed = Boolean.TRUE.equals(kwargs.get("streamed")) || Boolean.TRUE.equals(kwargs.get("resumable"));
            Instant createdAt;
            try {
                createdAt = Instant.parse(String.valueOf(run.get("created_at")));
            } catch (RuntimeException unparsable) {
                createdAt = Instant.EPOCH;
            }
            return new RunView(!status.equals("pending") && !status.equals("running"), streamed, createdAt);
        }
    }
}
