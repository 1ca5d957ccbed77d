package dev.kgraph.gateway.webhooks;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters of this gateway's deliveries since it started. Micrometer is not on the gateway's classpath, so they are
 * plain counters: every terminal outcome is logged (logger {@code dev.kgraph.gateway.webhooks.WebhookMetrics}, INFO)
 * together with the running totals, and {@link #snapshot()} exposes them to code.
 */
public final class WebhookMetrics {
    private static final Logger log = LoggerFactory.getLogger(WebhookMetrics.class);

    private final LongAdder enqueued = new LongAdder();
    private final LongAdder attempts = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();

    void enqueued() {
        enqueued.increment();
    }

    void attempted() {
        attempts.increment();
    }

    void retried() {
        retried.increment();
    }

    void delivered(WebhookRequest request, int attempt) {
        delivered.increment();
        log.info("webhook of run {} delivered on attempt {}; totals {}", request.runId(), attempt, snapshot());
    }

    void failed(WebhookRequest request, String reason) {
        failed.increment();
        log.warn("webhook of run {} failed, not retried: {}; totals {}", request.runId(), reason, snapshot());
    }

    void deadLettered(WebhookRequest request, int attempt) {
        deadLettered.increment();
        log.warn("webhook of run {} dead-lettered after {} attempts; totals {}", request.runId(), attempt,
                snapshot());
    }

    /** {@code enqueued, attempts, delivered, retried, failed, dead_lettered}. */
    public Map<String, Long> snapshot() {
        return Map.of("enqueued", enqueued.sum(), "attempts", attempts.sum(), "delivered", delivered.sum(),
                "retried", retried.sum(), "failed", failed.sum(), "dead_lettered", deadLettered.sum());
    }
}
