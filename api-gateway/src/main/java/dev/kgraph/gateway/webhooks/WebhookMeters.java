package dev.kgraph.gateway.webhooks;

import dev.kgraph.model.webhooks.WebhookRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This gateway's webhook deliveries as Micrometer counters (docs/metrics.md), registered up front (the delivery
 * requests themselves are queued by the runs' thread writers, which count them as {@code kgraph.webhook.enqueued}):
 * <ul>
 *   <li>{@code kgraph.webhook.attempts{outcome=delivered|rejected|retryable}}: HTTP attempts and what each got;</li>
 *   <li>{@code kgraph.webhook.deliveries{outcome=delivered|failed|dead_lettered}}: deliveries that ended.</li>
 * </ul>
 * Every delivery that ends is also logged (logger {@code dev.kgraph.gateway.webhooks.WebhookMeters}).
 */
final class WebhookMeters {
    private static final Logger log = LoggerFactory.getLogger(WebhookMeters.class);

    private final Counter attemptDelivered;
    private final Counter attemptRejected;
    private final Counter attemptRetryable;
    private final Counter delivered;
    private final Counter failed;
    private final Counter deadLettered;

    WebhookMeters(MeterRegistry registry) {
        attemptDelivered = attempts(registry, "delivered");
        attemptRejected = attempts(registry, "rejected");
        attemptRetryable = attempts(registry, "retryable");
        delivered = deliveries(registry, "delivered");
        failed = deliveries(registry, "failed");
        deadLettered = deliveries(registry, "dead_lettered");
    }

    private static Counter attempts(MeterRegistry registry, String outcome) {
        return Counter.builder("kgraph.webhook.attempts").tag("outcome", outcome)
                .description("webhook HTTP attempts by outcome: delivered (2xx), rejected (not retried), retryable")
                .register(registry);
    }

    private static Counter deliveries(MeterRegistry registry, String outcome) {
        return Counter.builder("kgraph.webhook.deliveries").tag("outcome", outcome)
                .description("webhook deliveries that ended: delivered, failed (rejected), dead_lettered"
                        + " (attempts exhausted)")
                .register(registry);
    }

    void retried() {
        attemptRetryable.increment();
    }

    void delivered(WebhookRequest request, int attempt) {
        attemptDelivered.increment();
        delivered.increment();
        log.info("webhook of run {} delivered on attempt {}", request.runId(), attempt);
    }

    void failed(WebhookRequest request, String reason) {
        attemptRejected.increment();
        failed.increment();
        log.warn("webhook of run {} failed, not retried: {}", request.runId(), reason);
    }

    void deadLettered(WebhookRequest request, int attempt) {
        deadLettered.increment();
        log.warn("webhook of run {} dead-lettered after {} attempts", request.runId(), attempt);
    }
}
