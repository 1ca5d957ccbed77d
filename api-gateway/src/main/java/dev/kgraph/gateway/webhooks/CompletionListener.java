package dev.kgraph.gateway.webhooks;

import dev.kgraph.model.events.RunEvent;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Stage 1: reads run completions in the consumer group {@code kgraph.webhooks.consumer-group} (one replica per
 * partition) and turns each completion of a run with a webhook into a {@link WebhookRequest} on
 * {@code kgraph.webhooks}. An offset is committed only once its record was handled (the request acknowledged by
 * Kafka), at most a second later (see the container factory), so a replica dying here makes another one redo the
 * last second's requests (at least once; the delivery id lets receivers drop a duplicate).
 */
public final class CompletionListener {
    private final KafkaTemplate<String, WebhookRequest> template;
    private final DeliveryReporter reporter;
    private final WebhookMeters metrics;

    CompletionListener(KafkaTemplate<String, WebhookRequest> template, DeliveryReporter reporter,
                       WebhookMeters metrics) {
        this.template = template;
        this.reporter = reporter;
        this.metrics = metrics;
    }

    @KafkaListener(id = "kgraph-webhook-completions", topics = "kgraph.events",
            groupId = "${kgraph.webhooks.consumer-group:kgraph-webhooks}",
            containerFactory = WebhookDispatchConfiguration.COMPLETIONS_FACTORY)
    public void onEvent(ConsumerRecord<String, RunEvent> record) throws InterruptedException {
        if (!(record.value() instanceof RunEvent.RunCompleted completed)) {
            return; // created, started, or unreadable
        }
        var request = WebhookPayloads.requestFor(completed);
        if (request.isEmpty()) {
            return;
        }
        // reported first: every later report of this delivery is then written after it, on the same partition
        reporter.report(request.get(), DeliveryReporter.PENDING, 0, null, null);
        try {
            template.send(WebhookTopics.DELIVERIES, completed.threadId(), request.get()).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not enqueue the webhook of run " + completed.run().runId(), e);
        }
        metrics.enqueued();
    }
}
