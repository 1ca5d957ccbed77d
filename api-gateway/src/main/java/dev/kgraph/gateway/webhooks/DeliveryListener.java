package dev.kgraph.gateway.webhooks;

import dev.kgraph.model.webhooks.WebhookRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.retrytopic.RetryTopicHeaders;

/**
 * Stage 2: makes the attempts. Listens on {@code kgraph.webhooks}; spring-kafka's non-blocking retries
 * ({@link WebhookRetrySupport}) add one listener per retry topic and one on the dead-letter topic. An attempt that
 * should be retried throws {@link RetryableDeliveryException}: the record moves to the next retry topic, stamped
 * with the time it becomes due, and that topic's partition is paused until then, so a failing receiver never holds
 * up deliveries to the others. A {@code Retry-After} longer than the back-off delays the next attempt further (see
 * {@link RetryAfterGate}).
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
    private final WebhookMeters metrics;
    private final RetryAfterGate retryAfter;

    DeliveryListener(WebhookSender sender, DeliveryReporter reporter, WebhookMeters metrics,
                     RetryAfterGate retryAfter) {
        this.sender = sender;
        this.reporter = reporter;
        this.metrics = metrics;
        this.retryAfter = retryAfter;
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
        retryAfter.awaitDue(record, consumer);
        int attempt = attemptOf(record);
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
                throw new RetryableDeliveryException(request.runId(), "attempt " + attempt,
                        later.reason() + (later.statusCode() == null ? "" : " (HTTP " + later.statusCode() + ")"),
                        retryAfter.cap(later.retryAfter()));
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

        RetryableDeliveryException(String runId, String step, String reason, Duration retryAfter) {
            super("webhook of run " + runId + ", " + step + ": " + reason, null, false, false);
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }
}
