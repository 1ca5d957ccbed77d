package dev.kgraph.gateway.webhooks;

import java.util.Map;

/**
 * One logical delivery on {@code kgraph.webhooks} (key = thread id) and its retry topics: built once from the run's
 * completion, so every attempt sends the same payload; only {@code webhook_sent_at} is stamped per attempt.
 *
 * @param deliveryId the run id: stable across attempts, replicas and redeliveries
 * @param payload    the body without {@code webhook_sent_at}
 */
public record WebhookRequest(String deliveryId, String threadId, String runId, String url,
                             Map<String, Object> payload) {
}
