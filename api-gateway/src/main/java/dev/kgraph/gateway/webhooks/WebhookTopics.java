package dev.kgraph.gateway.webhooks;

/**
 * The delivery topics. Retry topics are named {@code kgraph.webhooks-retry-<n>} (one per distinct back-off, the
 * longest one reused), the dead-letter topic {@code kgraph.webhooks-dlt}; spring-kafka creates them with the
 * partition count and replication of {@code kgraph.topics.*}.
 */
public final class WebhookTopics {
    /** Deliveries to make; key = thread id. */
    public static final String DELIVERIES = dev.kgraph.model.topics.Topics.WEBHOOKS_NAME;
    /** Deliveries whose attempts are exhausted; kept for inspection and replay. */
    public static final String DEAD_LETTERS = DELIVERIES + "-dlt";

    private WebhookTopics() {
    }
}
