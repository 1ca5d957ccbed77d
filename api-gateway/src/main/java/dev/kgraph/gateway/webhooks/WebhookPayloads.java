package dev.kgraph.gateway.webhooks;

import dev.kgraph.model.events.RunEvent;
import dev.kgraph.model.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a run completion into a delivery: the Run object (its API shape, {@code kwargs} included) plus
 * {@code run_started_at}, {@code run_ended_at}, {@code values} (the final values the thread writer reported; null for
 * temporary runs, which keep nothing), and {@code error} as {@code {error, message}} (null unless it failed), as
 * LangGraph Platform sends it.
 */
final class WebhookPayloads {

    private WebhookPayloads() {
    }

    /** The delivery for a completion whose run asked for a webhook; empty otherwise. */
    static Optional<WebhookRequest> requestFor(RunEvent.RunCompleted completed) {
        var kwargs = completed.run().kwargs();
        Object url = kwargs == null ? null : kwargs.get("webhook");
        if (!(url instanceof String webhook) || webhook.isBlank()) {
            return Optional.empty();
        }
        var run = completed.run();
        return Optional.of(new WebhookRequest(run.runId(), completed.threadId(), run.runId(), webhook,
                payload(completed)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> payload(RunEvent.RunCompleted completed) {
        var payload = new LinkedHashMap<String, Object>((Map<String, Object>) Json.plain(completed.run()));
        payload.put("run_started_at", completed.runStartedAt());
        payload.put("run_ended_at", completed.runEndedAt());
        boolean temporary = completed.run().kwargs() != null
                && Boolean.TRUE.equals(completed.run().kwargs().get("temporary"));
        payload.put("values", temporary ? null : completed.finalValues()); // a temporary run keeps nothing
        payload.put("error", completed.error());
        return payload;
    }

    /** The body of one attempt: the payload stamped with the attempt's send time. */
    static byte[] body(WebhookRequest request, String sentAt) {
        var body = new LinkedHashMap<>(request.payload());
        body.put("webhook_sent_at", sentAt);
        return Json.write(body);
    }
}
