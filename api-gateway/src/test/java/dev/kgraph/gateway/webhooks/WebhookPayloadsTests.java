package dev.kgraph.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.model.json.Json;
import dev.kgraph.model.webhooks.WebhookRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookPayloadsTests {

    @Test
    @SuppressWarnings("unchecked")
    void eachAttemptsBodyIsTheDeliverysPayloadStampedWithItsSendTime() {
        var request = new WebhookRequest("run-1", "thread-1", "run-1", "https://example.com/h",
                Map.of("run_id", "run-1", "status", "success"));

        var body = (Map<String, Object>) Json.plain(Json.MAPPER.readTree(
                WebhookPayloads.body(request, "2026-01-05T10:00:03Z")));

        assertThat(body).containsEntry("webhook_sent_at", "2026-01-05T10:00:03Z").containsEntry("run_id", "run-1")
                .containsEntry("status", "success");
        assertThat(request.payload()).doesNotContainKey("webhook_sent_at"); // each attempt stamps its own copy
    }
}
