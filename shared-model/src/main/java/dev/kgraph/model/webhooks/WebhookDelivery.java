package dev.kgraph.model.webhooks;

/**
 * The state of a run's webhook delivery, as the dispatcher reports it to the run's thread writer, which keeps it
 * with the run ({@code GET /threads/{tid}/runs/{rid}/webhook}).
 *
 * @param deliveryId     stable across retries (the run id): receivers de-duplicate on it
 * @param status         {@code pending}, {@code retrying}, {@code delivered}, {@code failed} (a 4xx other than 429:
 *                       not retried) or {@code dead_lettered} (attempts exhausted)
 * @param attempts       delivery attempts made so far
 * @param lastStatusCode the receiver's last HTTP status, or null after a network error or timeout
 */
public record WebhookDelivery(String deliveryId, String url, String status, int attempts, Integer lastStatusCode,
                              String lastError, String updatedAt) {
    /** Queued, no attempt finished yet: what the run's writer records when the run ends. */
    public static final String PENDING = "pending";
}
