package dev.kgraph.gateway.webhooks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.KafkaConsumerBackoffManager;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.kafka.retrytopic.RetryTopicHeaders;

/**
 * Stage 2: makes the attempts. Listens on {@code kgraph.webhooks}; spring-kafka's non-blocking retries
 * ({@link WebhookRetrySupport}) add one listener per retry topic and one on the dead-letter topic. An attempt that
 * should be retried throws {@link RetryableDeliveryException}: the record moves to the next retry topic, stamped
 * with the time it becomes due, and that topic's partition is paused until then, so a failing receiver never holds
 * up deliveries to the others. A {@code Retry-After} longer than the back-off delays the attempt further, by the same
 * pausing mechanism.
 *
 * <p>Limit: an attempt itself blocks its consumer for up to the request timeout (30 s by default); deliveries
 * queued behind it on the same partition wait that long. {@code kgraph.webhooks.concurrency} and more replicas spread
 * partitions over more consumers.
 */
public final class DeliveryListener {
    private static final Logger log = LoggerFactory.getLogger(DeliveryListener.class);
    static final String LISTENER_ID = "kgraph-webhook-delivery";

    private final WebhookSender sender;
    private final DeliveryReporter reporter;
    private final WebhookMetrics metrics;
    private final KafkaConsumerBackoffManager backoff;
    private final ListenerContainerRegistry containers;
    private final Clock clock;

    DeliveryListener(WebhookSender sender, DeliveryReporter reporter, WebhookMetrics metrics,
                     KafkaConsumerBackoffManager backoff, ListenerContainerRegistry containers, Clock clock) {
        this.sender = sender;
        this.reporter = reporter;
        this.metrics = metrics;
        this.backoff = backoff;
        this.containers = containers;
        this.clock = clock;
    }

    @KafkaListener(id = LISTENER_ID, topics = WebhookTopics.DELIVERIES,
            groupId = "${kgraph.webhooks.consumer-group:kgraph-webhooks}-delivery",
            containerFactory = WebhookDispatchConfiguration.DELIVERIES_FACTORY)
    public void deliver(ConsumerRecord<String, WebhookRequest> record, Consumer<?, ?> consumer) {
        var request = record.value();
        if (request == null) {
            log.warn("skipped an unreadable delivery at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        waitForRetryAfter(record, consumer);
        int attempt = attemptOf(record);
        metrics.attempted();
        switch (sender.attempt(request, attempt)) {
            case AttemptOutcome.Delivered ok -> {
                reporter.report(request, DeliveryReporter.DELIVERED, attempt, ok.statusCode(), null);
                metrics.delivered(request, attempt);
            }
            case AttemptOutcome.Rejected no -> {
                reporter.report(request, DeliveryReporter.FAILED, attempt, no.statusCode(), no.reason());
                metrics.failed(request, no.reason());
            }
            case AttemptOutcome.Retryable later -> {
                reporter.report(request, DeliveryReporter.RETRYING, attempt, later.statusCode(), later.reason());
                metrics.retried();
                throw new RetryableDeliveryException(request.runId(), attempt, later.statusCode(), later.reason(),
                        later.retryAfter());
            }
        }
    }

    /** The dead-letter topic's listener: attempts are exhausted. */
    public void onDeadLetter(ConsumerRecord<String, WebhookRequest> record) {
        var request = record.value();
        if (request == null) {
            return;
        }
        int attempts = attemptOf(record) - 1;
        reporter.report(request, DeliveryReporter.DEAD_LETTERED, attempts, null,
                "gave up after " + attempts + " attempts");
        metrics.deadLettered(request, attempts);
    }

    /**
     * Honours a {@code Retry-After} of the previous attempt: while it is in the future, the partition is paused
     * until then and the record redelivered (the framework's own back-off, with a later due time).
     */
    private void waitForRetryAfter(ConsumerRecord<String, WebhookRequest> record, Consumer<?, ?> consumer) {
        long notBefore = 0;
        for (Header header : record.headers().headers(WebhookHeaders.NOT_BEFORE)) {
            notBefore = Math.max(notBefore, Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII)));
        }
        if (notBefore <= clock.millis()) {
            return;
        }
        var partition = new TopicPartition(record.topic(), record.partition());
        String containerId = containers.getListenerContainers().stream()
                .filter(c -> c.getListenerId() != null && c.getListenerId().startsWith(LISTENER_ID))
                .filter(c -> c.getAssignedPartitions() != null && c.getAssignedPartitions().contains(partition))
                .map(c -> c.getListenerId())
                .findFirst().orElse(null);
        if (containerId == null) {
            return; // cannot pause: attempt now rather than spin
        }
        backoff.backOffIfNecessary(backoff.createContext(notBefore, containerId, partition, consumer));
    }

    /** 1 on the main topic; the retry topics carry the number of the attempt they are for. */
    static int attemptOf(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS);
        if (header == null) {
            return 1;
        }
        byte[] value = header.value();
        if (value.length == Integer.BYTES) {
            return ByteBuffer.wrap(value).getInt();
        }
        return Integer.parseInt(new String(value, StandardCharsets.US_ASCII).trim());
    }

    /** An attempt to repeat later; carries the receiver's {@code Retry-After} to the next retry topic. */
    public static final class RetryableDeliveryException extends RuntimeException {
        private final transient Duration retryAfter;

        RetryableDeliveryException(String runId, int attempt, Integer status, String reason, Duration retryAfter) {
            super("webhook of run " + runId + ", attempt " + attempt + ": " + reason
                    + (status == null ? "" : " (HTTP " + status + ")"), null, false, false);
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }
}
