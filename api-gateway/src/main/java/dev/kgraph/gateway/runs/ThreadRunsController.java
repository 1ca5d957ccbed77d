package dev.kgraph.gateway.runs;

import dev.kgraph.gateway.GatewaySettings;
import dev.kgraph.gateway.api.ApiException;
import dev.kgraph.gateway.api.Ids;
import dev.kgraph.gateway.api.RunCreateRequest;
import dev.kgraph.gateway.api.RunCreationChecks;
import dev.kgraph.gateway.api.RunRequestParser;
import dev.kgraph.gateway.assistants.AssistantDirectory;
import dev.kgraph.gateway.requests.RunCompletions;
import dev.kgraph.gateway.requests.SequencerClient;
import dev.kgraph.model.ids.Uuid7;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.runs.RunSpec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /threads/{thread_id}/runs/*}. A run is created synchronously by the thread's writer (so 404/409/422 are
 * real statuses), then waiting callers get a committed 200 with keep-alives until the run's completion event.
 */
@Tag(name = "Thread Runs",
        description = "Runs of a thread, executed one at a time in the order the thread received them")
@RestController
class ThreadRunsController {
    private static final Set<String> RUN_STATUSES = Set.of("pending", "running", "error", "success", "timeout",
            "interrupted");

    private final SequencerClient sequencer;
    private final RunCompletions completions;
    private final RunLauncher launcher;
    private final AssistantDirectory assistants;
    private final GatewaySettings settings;
    private final Clock clock;
    private final dev.kgraph.gateway.streaming.RunStreamLauncher streamLauncher;

    ThreadRunsController(SequencerClient sequencer, RunCompletions completions, RunLauncher launcher,
                         AssistantDirectory assistants, GatewaySettings settings, Clock gatewayClock,
                         dev.kgraph.gateway.streaming.RunStreamLauncher streamLauncher) {
        this.streamLauncher = streamLauncher;
        this.sequencer = sequencer;
        this.completions = completions;
        this.launcher = launcher;
        this.assistants = assistants;
        this.settings = settings;
        this.clock = gatewayClock;
    }

    /**
     * {@code POST /threads/{thread_id}/runs/wait}, served by {@link ThreadRunsWaitRoute} as a functional endpoint rather than
     * an annotated one: the call that carries the throughput, and that waits for the run's end.
     */
    Mono<ServerResponse> createAndWait(ServerRequest request) {
        var threadId = uuid(request.pathVariable("thread_id"), "thread ID");
        return RunsWaitExchanges.body(request).flatMap(optionalBody -> {
            var body = optionalBody.orElse(null);
            boolean stream = dev.kgraph.gateway.streaming.StreamModes.streamRequested(body);
            var runRequest = RunRequestParser.parse(body);
            if (stream) { // Aegra's field: runs/stream's answer
                var spec = dev.kgraph.gateway.streaming.StreamModes.streamed(runRequest, runSpec(threadId, runRequest));
                var runPath = "/threads/" + threadId + "/runs/" + spec.runId();
                return RunsWaitExchanges.respond(response -> streamLauncher.createAndStream(threadId, spec, response,
                        runPath, runPath + "/stream"));
            }
            var spec = runSpec(threadId, runRequest);
            var runPath = "/threads/" + threadId + "/runs/" + spec.runId();
            return RunsWaitExchanges.respond(response -> launcher.createAndWait(threadId, spec, response, runPath,
                    runPath + "/join"));
        });
    }

    @Operation(summary = "Create Background Run")
    @PostMapping("/threads/{threadId}/runs")
    Mono<ResponseEntity<Object>> createInBackground(@PathVariable("threadId") String rawThreadId,
                                                    @RequestBody(required = false) JsonNode body) {
        var threadId = uuid(rawThreadId, "thread ID");
        var spec = runSpec(threadId, RunRequestParser.parse(body));
        return launcher.create(threadId, spec).map(reply -> ResponseEntity.ok()
                .header("Content-Location", "/threads/" + threadId + "/runs/" + spec.runId())
                .body(reply.body()));
    }

    @Operation(summary = "List Runs")
    @GetMapping("/threads/{threadId}/runs")
    Mono<Object> list(@PathVariable String threadId, @RequestParam(defaultValue = "10") int limit,
                      @RequestParam(defaultValue = "0") int offset, @RequestParam(required = false) String status) {
        var id = uuid(threadId, "thread ID");
        if (limit < 1 || limit > 1000 || offset < 0 || (status != null && !RUN_STATUSES.contains(status))) {
            throw ApiException.unprocessable("limit: must be between 1 and 1000; offset: must be >= 0; status: must be"
                    + " one of pending, running, error, success, timeout, interrupted");
        }
        return sequencer.ask((requestId, replyTo) -> new ThreadRequest.ListRuns(requestId, id, replyTo, limit, offset,
                status)).flatMap(SequencerClient.requireOk()).map(Reply::body);
    }

    @Operation(summary = "Get Run")
    @GetMapping("/threads/{threadId}/runs/{runId}")
    Mono<Object> get(@PathVariable String threadId, @PathVariable String runId) {
        var tid = uuid(threadId, "thread ID");
        var rid = uuid(runId, "run ID");
        return sequencer.ask((requestId, replyTo) -> new ThreadRequest.GetRun(requestId, tid, replyTo, rid))
                .flatMap(SequencerClient.requireOk()).map(Reply::body);
    }

    /** Same body as {@code runs/wait}; answers at once for a run that ended, whenever and wherever it ran. */
    @Operation(summary = "Join Run")
    @GetMapping("/threads/{threadId}/runs/{runId}/join")
    Mono<Void> join(@PathVariable String threadId, @PathVariable String runId, ServerHttpResponse response) {
        var tid = uuid(threadId, "thread ID");
        var rid = uuid(runId, "run ID");
        var waiter = completions.register(rid);
        return sequencer.ask((requestId, replyTo) -> new ThreadRequest.JoinRun(requestId, tid, replyTo, rid))
                .flatMap(SequencerClient.requireOk())
                .flatMap(reply -> {
                    if (reply.outcome() == Reply.Outcome.OK) {
                        waiter.result().complete(reply.body());
                    }
                    response.getHeaders().set("Location", "/threads/" + tid + "/runs/" + rid + "/join");
                    return WaitResponses.write(response, waiter.result(), settings.keepAlive());
                })
                .doFinally(signal -> waiter.release());
    }

    /** 204; the writer refuses (409) while the run is running: cancel it first. */
    @Operation(summary = "Delete Run")
    @DeleteMapping("/threads/{threadId}/runs/{runId}")
    Mono<ResponseEntity<Void>> delete(@PathVariable String threadId, @PathVariable String runId) {
        var tid = uuid(threadId, "thread ID");
        var rid = uuid(runId, "run ID");
        return sequencer.ask((requestId, replyTo) -> new ThreadRequest.DeleteRun(requestId, tid, replyTo, rid))
                .flatMap(SequencerClient.requireOk())
                .thenReturn(ResponseEntity.noContent().<Void>build());
    }

    /**
     * 202 at once, or with {@code wait=1} 200 with the run's final output once it has really ended, streamed like
     * {@code join} (the Python server's answer; the JS server sends 204). The completion waiter is registered before
     * the cancel is sent, and the run is then joined, so the answer neither misses a fast completion nor hangs on a
     * run that ended (or was rolled back and deleted) before the join.
     */
    @Operation(summary = "Cancel Run")
    @PostMapping("/threads/{threadId}/runs/{runId}/cancel")
    Mono<Void> cancel(@PathVariable String threadId, @PathVariable String runId,
                      @RequestParam(defaultValue = "false") String wait,
                      @RequestParam(defaultValue = "interrupt") String action, ServerHttpResponse response) {
        var tid = uuid(threadId, "thread ID");
        var rid = uuid(runId, "run ID");
        var cancelAction = CancelActions.require(action);
        if (!isTrue(wait)) {
            return launcher.cancel(tid, rid, cancelAction).then(Mono.defer(() -> {
                response.setStatusCode(org.springframework.http.HttpStatus.ACCEPTED);
                return response.setComplete();
            }));
        }
        var waiter = completions.register(rid);
        return launcher.cancel(tid, rid, cancelAction)
                .then(sequencer.ask((requestId, replyTo) -> new ThreadRequest.JoinRun(requestId, tid, replyTo, rid)))
                .flatMap(join -> {
                    switch (join.outcome()) {
                        case OK -> waiter.result().complete(join.body());
                        case NOT_FOUND -> waiter.result().complete(java.util.Map.of()); // rolled back: nothing left
                        case PENDING -> { }
                        default -> {
                            return SequencerClient.requireOk().apply(join).then();
                        }
                    }
                    var runPath = "/threads/" + tid + "/runs/" + rid;
                    response.getHeaders().set("Content-Location", runPath);
                    response.getHeaders().set("Location", runPath + "/join");
                    return WaitResponses.write(response, waiter.result(), settings.keepAlive());
                })
                .doFinally(signal -> waiter.release());
    }

    private static boolean isTrue(String flag) {
        return flag.equals("1") || flag.equalsIgnoreCase("true");
    }

    private RunSpec runSpec(String tid, RunCreateRequest request) {
        RunCreationChecks.check(request, true);
        var assistant = assistants.resolve(request.assistantId());
        return RunSpecs.build(request, tid, Uuid7.next(), assistant, false, clock.instant());
    }

    private static String uuid(String value, String what) {
        return Ids.requireUuid(value, what).toString();
    }
}
