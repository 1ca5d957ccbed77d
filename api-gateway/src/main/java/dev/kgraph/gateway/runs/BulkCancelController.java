package dev.kgraph.gateway.runs;

import dev.kgraph.gateway.requests.SequencerClient;
import dev.kgraph.model.requests.ThreadRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /runs/cancel}: named runs of one thread go to that thread's writer (404 unless every one of them was
 * cancelable); runs chosen by status may live on any thread, so every partition's writer cancels its own.
 */
@Tag(name = "Thread Runs")
@RestController
class BulkCancelController {
    /** The thread id of a request sent to every partition: the partition is explicit, the key only labels it. */
    private static final String EVERY_THREAD = "*";

    private final SequencerClient sequencer;

    BulkCancelController(SequencerClient sequencer) {
        this.sequencer = sequencer;
    }

    @Operation(summary = "Cancel Runs")
    @PostMapping("/runs/cancel")
    Mono<ResponseEntity<Void>> cancel(@RequestBody(required = false) JsonNode body,
                                      @RequestParam(defaultValue = "interrupt") String action) {
        var cancelAction = CancelActions.require(action);
        var selection = BulkCancelBody.parse(body);
        Mono<?> cancelled = switch (selection) {
            case BulkCancelBody.RunsOfThread runs -> sequencer.ask((requestId, replyTo) -> new ThreadRequest.CancelRuns(
                    requestId, runs.threadId(), replyTo, runs.runIds(), null, cancelAction))
                    .flatMap(SequencerClient.requireOk());
            case BulkCancelBody.RunsInStatus runs -> sequencer.askEveryPartition((requestId, replyTo) ->
                            new ThreadRequest.CancelRuns(requestId, EVERY_THREAD, replyTo, null, runs.status(),
                                    cancelAction))
                    .flatMap(SequencerClient.requireOk())
                    .then();
        };
        return cancelled.then(Mono.just(ResponseEntity.noContent().<Void>build()));
    }
}
