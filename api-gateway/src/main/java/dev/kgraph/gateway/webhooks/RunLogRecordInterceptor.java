package dev.kgraph.gateway.webhooks;

import dev.kgraph.model.logging.RunLogContext;
import dev.kgraph.model.webhooks.WebhookRequest;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Sets the run's {@code run_id} and {@code thread_id} in the log context while a webhook delivery is handled on the
 * listener's thread (its attempt, its report, the retry and dead-letter handling), and clears them afterwards.
 */
final class RunLogRecordInterceptor implements RecordInterceptor<String, WebhookRequest> {

    @Override
    public @Nullable ConsumerRecord<String, WebhookRequest> intercept(ConsumerRecord<String, WebhookRequest> record,
                                                                      Consumer<String, WebhookRequest> consumer) {
        var request = record.value();
        if (request != null) {
            MDC.put(RunLogContext.THREAD_ID, request.threadId());
            MDC.put(RunLogContext.RUN_ID, request.runId());
        }
        return record;
    }

    @Override
    public void afterRecord(ConsumerRecord<String, WebhookRequest> record, Consumer<String, WebhookRequest> consumer) {
        MDC.remove(RunLogContext.THREAD_ID);
        MDC.remove(RunLogContext.RUN_ID);
    }
}
