package dev.kgraph.gateway.stateless;

import dev.kgraph.gateway.api.RunCreateRequest;
import dev.kgraph.gateway.api.RunCreationChecks;
import dev.kgraph.gateway.api.RunRequestParser;
import dev.kgraph.gateway.assistants.AssistantDirectory;
import dev.kgraph.gateway.runs.RunLauncher;
import dev.kgraph.gateway.runs.RunSpecs;
import dev.kgraph.gateway.runs.RunsWaitExchanges;
import dev.kgraph.model.ids.Uuid7;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.runs.RunSpec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /runs}, {@code /runs/wait}, {@code /runs/batch}. The server names a new thread (uuid7) for each run and the
 * writer creates it with the run ({@code if_not_exists} is forced to {@code create}); by default the run is temporary
 * and the writer deletes thread and run once the run ended and its completion was published, so {@code runs/wait}
 * still gets the result. {@code command.resume} is refused (400): a new thread holds no interrupt.
 */
@Tag(name = "Stateless Runs", description = "Runs on a temporary thread")
@RestController
class StatelessRunsController {
    private final RunLauncher launcher;
    private final AssistantDirectory assistants;
    private final Clock clock;
    private final dev.kgraph.gateway.streaming.RunStreamLauncher streamLauncher;

    StatelessRunsController(RunLauncher launcher, AssistantDirectory assistants, Clock gatewayClock,
                            dev.kgraph.gateway.streaming.RunStreamLauncher streamLauncher) {
        this.streamLauncher = streamLauncher;
        this.launcher = launcher;
        this.assistants = assistants;
        this.clock = gatewayClock;
    }

    /**
     * {@code POST /runs/wait}, served by {@link StatelessRunsWaitRoute} as a functional endpoint. Headers as the Python
     * server: the run under its temporary thread, and its {@code join}.
     */
    Mono<ServerResponse> createAndWait(ServerRequest request) {
        return RunsWaitExchanges.body(request).flatMap(optionalBody -> {
            var body = optionalBody.orElse(null);
            boolean stream = dev.kgraph.gateway.streaming.StreamModes.streamRequested(body);
            var runRequest = RunRequestParser.parse(body);
            var run = prepare(runRequest);
            var runPath = "/threads/" + run.threadId() + "/runs/" + run.spec().runId();
            if (stream) { // Aegra's field: the answer /runs/stream would send
                var spec = dev.kgraph.gateway.streaming.StreamModes.streamed(runRequest, run.spec());
                return RunsWaitExchanges.respond(response -> streamLauncher.createAndStream(run.threadId(), spec,
                        response, "/runs/" + spec.runId(), runPath + "/stream"));
            }
            return RunsWaitExchanges.respond(response -> launcher.createAndWait(run.threadId(), run.spec(), response,
                    runPath, runPath + "/join"));
        });
    }

    @Operation(summary = "Create Background Run")
    @PostMapping("/runs")
    Mono<ResponseEntity<Object>> createInBackground(@RequestBody(required = false) JsonNode body) {
        var run = prepare(RunRequestParser.parse(body));
        return launcher.create(run.threadId(), run.spec()).map(reply -> ResponseEntity.ok()
                .header("Content-Location", "/runs/" + run.spec().runId())
                .body(reply.body()));
    }

    /**
     * Every body is validated and its assistant resolved before any run is created, so a bad item fails the batch
     * (422 naming {@code [i].field}, 400, 404) without side effects; then the runs are created, answered in body order.
     */
    @Operation(summary = "Create Run Batch")
    @PostMapping("/runs/batch")
    Mono<List<Object>> createBatch(@RequestBody(required = false) JsonNode body) {
        List<StatelessRun> runs = RunRequestParser.parseBatch(body).stream().map(this::prepare).toList();
        return Flux.fromIterable(runs)
                .flatMapSequential(run -> launcher.create(run.threadId(), run.spec()))
                .map(Reply::body)
                .collectList();
    }

    private StatelessRun prepare(RunCreateRequest request) {
        RunCreationChecks.check(request, false);
        var assistant = assistants.resolve(request.assistantId());
        var threadId = Uuid7.next();
        return new StatelessRun(threadId, RunSpecs.stateless(request, threadId, Uuid7.next(), assistant,
                clock.instant()));
    }

    /** A run ready to hand to the writer, with the thread the server named for it. */
    private record StatelessRun(String threadId, RunSpec spec) {
    }
}
