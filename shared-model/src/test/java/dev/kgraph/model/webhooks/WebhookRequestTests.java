package dev.kgraph.model.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.model.events.RunEvent;
import dev.kgraph.model.json.Json;
import dev.kgraph.model.runs.Run;
import dev.kgraph.model.runs.RunStatus;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The delivery a run's writer queues when the run ends: which runs get one, and what its payload holds. */
class WebhookRequestTests {

    static RunEvent.RunCompleted completed(RunStatus status, Map<String, Object> kwargs, Map<String, Object> error) {
        var run = new Run("run-1", "thread-1", "asst-1", "2026-01-05T10:00:00Z", "2026-01-05T10:00:02Z", status,
                Map.of("graph_id", "echo"), kwargs, "enqueue");
        return new RunEvent.RunCompleted("thread-1", run, Map.of("x", 1), null, error,
                "2026-01-05T10:00:01Z", "2026-01-05T10:00:02Z");
    }

    static Map<String, Object> kwargs(Object webhook, boolean temporary) {
        var kwargs = new HashMap<String, Object>();
        kwargs.put("webhook", webhook);
        kwargs.put("temporary", temporary);
        return kwargs;
    }

    @Test
    void aRunWithoutWebhookNeedsNoDelivery() {
        assertThat(WebhookRequest.forCompletion(completed(RunStatus.SUCCESS, kwargs(null, false), null))).isEmpty();
        assertThat(WebhookRequest.forCompletion(completed(RunStatus.SUCCESS, kwargs(" ", false), null))).isEmpty();
    }

    @Test
    void theDeliveryIsIdentifiedByTheRunAndCarriesTheRunWithItsOutcome() {
        var request = WebhookRequest.forCompletion(completed(RunStatus.ERROR, kwargs("https://example.com/h", false),
                Map.of("error", "ValueError", "message", "boom"))).orElseThrow();

        assertThat(request.deliveryId()).isEqualTo("run-1");
        assertThat(request.threadId()).isEqualTo("thread-1");
        assertThat(request.url()).isEqualTo("https://example.com/h");
        assertThat(request.payload())
                .containsEntry("run_id", "run-1").containsEntry("thread_id", "thread-1")
                .containsEntry("assistant_id", "asst-1").containsEntry("status", "error")
                .containsEntry("multitask_strategy", "enqueue")
                .containsEntry("run_started_at", "2026-01-05T10:00:01Z")
                .containsEntry("run_ended_at", "2026-01-05T10:00:02Z")
                .containsEntry("values", Map.of("x", 1)) // the result, which holds the final values once
                .containsEntry("error", Map.of("error", "ValueError", "message", "boom"))
                .containsKey("kwargs").containsKey("metadata");
    }

    @Test
    void aTemporaryRunSendsNoValues() {
        var request = WebhookRequest.forCompletion(completed(RunStatus.SUCCESS, kwargs("https://example.com/h", true),
                null)).orElseThrow();

        assertThat(request.payload()).containsEntry("values", null);
    }

    @Test
    void aDeliveryRequestSurvivesTheTopicUnchanged() {
        var request = WebhookRequest.forCompletion(completed(RunStatus.SUCCESS, kwargs("https://example.com/h", false),
                null)).orElseThrow();

        assertThat(Json.read(Json.write(request), WebhookRequest.class)).isEqualTo(request);
    }
}
