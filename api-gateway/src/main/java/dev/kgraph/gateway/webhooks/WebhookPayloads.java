package dev.kgraph.gateway.webhooks;

import dev.kgraph.model.json.Json;
import dev.kgraph.model.webhooks.WebhookRequest;
import java.util.LinkedHashMap;

/** The body of each attempt: the delivery's payload ({@link WebhookRequest}) stamped with the attempt's send time. */
final class WebhookPayloads {

    private WebhookPayloads() {
    }

    static byte[] body(WebhookRequest request, String sentAt) {
        var body = new LinkedHashMap<>(request.payload());
        body.put("webhook_sent_at", sentAt);
        return Json.write(body);
    }
}
