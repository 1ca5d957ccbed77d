package dev.kgraph.gateway.webhooks;

/** Names of the HTTP headers sent with a delivery and of the Kafka headers the retries carry. */
final class WebhookHeaders {
    static final String ID = "X-Webhook-Id";
    static final String TIMESTAMP = "X-Webhook-Timestamp";
    static final String SIGNATURE = "X-Webhook-Signature";
    static final String ATTEMPT = "X-Webhook-Attempt";

    /** Kafka header: epoch millis before which the next attempt must not be made (the receiver's Retry-After). */
    static final String NOT_BEFORE = "kgraph-webhook-not-before";

    private WebhookHeaders() {
    }
}
