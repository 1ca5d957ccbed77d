package dev.kgraph.gateway.webhooks;

import dev.kgraph.gateway.api.Ids;
import dev.kgraph.gateway.requests.SequencerClient;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /threads/{thread_id}/runs/{run_id}/webhook}: the run's delivery state as the dispatcher last reported
 * it ({@code pending}, {@code retrying}, {@code delivered}, {@code failed}, {@code dead_lettered}), read through the
 * thread's writer. 404 when the run has no webhook, no report yet, or was deleted (rolled back, temporary).
 */
@Tag(name = "Webhooks", description = "kgraph's record of a run's webhook delivery")
@RestController
class WebhookDeliveryController {
    private final SequencerClient sequencer;

    WebhookDeliveryController(SequencerClient sequencer) {
        this.sequencer = sequencer;
    }

    @Operation(summary = "Get Webhook Delivery")
    @GetMapping("/threads/{threadId}/runs/{runId}/webhook")
    Mono<Object> delivery(@PathVariable String threadId, @PathVariable String runId) {
        var tid = Ids.requireUuid(threadId, "thread ID").toString();
        var rid = Ids.requireUuid(runId, "run ID").toString();
        return sequencer.ask((requestId, replyTo) -> new ThreadRequest.GetWebhookDelivery(requestId, tid, replyTo, rid))
                .flatMap(SequencerClient.requireOk()).map(Reply::body);
    }
}
