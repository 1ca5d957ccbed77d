package dev.kgraph.model.webhooks;

import dev.kgraph.model.events.RunEvent;
import dev.kgraph.model.json.Json;
import dev.kgraph.model.json.RawJsonMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One logical delivery on {@code kgraph.webhooks} (key = thread id) and its retry topics: built once, by the run's
 * thread writer in the decision that ends the run, so every attempt sends the same payload; only
 * {@code webhook_sent_at} is stamped per attempt.
 *
 * @param deliveryId the run id: stable across attempts, replicas and redeliveries
 * @param payload    the body without {@code webhook_sent_at}
 */
public record WebhookRequest(String deliveryId, String threadId, String runId, String url,
                             Map<String, Object> payload) {

    /** The delivery for a completion whose run asked for a webhook; empty otherwise. */
    public static Optional<WebhookRequest> forCompletion(RunEvent.RunCompleted completed) {
        var webhook = urlOf(completed.run().kwargs());
        if (webhook == null) {
            return Optional.empty();
        }
        var run = completed.run();
        return Optional.of(new WebhookRequest(run.runId(), completed.threadId(), run.runId(), webhook,
                payload(completed)));
    }

    /** The webhook URL a run with these kwargs asked for, or null. */
    public static String urlOf(Map<String, Object> kwargs) {
        if (kwargs instanceof RawJsonMap raw && !raw.mayContain("\"webhook\":\"")) {
            return null; // no webhook URL: most runs, whose kwargs need not be decoded to tell
        }
        Object url = kwargs == null ? null : kwargs.get("webhook");
        return url instanceof String webhook && !webhook.isBlank() ? webhook : null;
    }

    /**
     * The Run object (its API shape, {@code kwargs} included) plus {@code run_started_at}, {@code run_ended_at},
     * {@code values} (the thread's final values; null for temporary runs, which keep nothing), and {@code error} as
     * {@code {error, message}} (null unless it failed), as LangGraph Platform sends it.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(RunEvent.RunCompleted completed) {
        var payload = new LinkedHashMap<String, Object>((Map<String, Object>) Json.plain(completed.run().forApi()));
        payload.put("run_started_at", completed.runStartedAt());
        payload.put("run_ended_at", completed.runEndedAt());
        boolean temporary = completed.run().kwargs() != null
                && Boolean.TRUE.equals(completed.run().kwargs().get("temporary"));
        payload.put("values", temporary ? null : completed.finalValues()); // a temporary run keeps nothing
        payload.put("error", completed.error());
        return payload;
    }
}
