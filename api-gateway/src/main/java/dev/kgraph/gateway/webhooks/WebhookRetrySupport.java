package dev.kgraph.gateway.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.kafka.retrytopic.RetryTopicSchedulerWrapper;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Enables spring-kafka's non-blocking retries for the gateway, with two adjustments for webhooks: a failed attempt
 * carrying a {@code Retry-After} is forwarded with a {@code kgraph-webhook-not-before} header (see
 * {@link DeliveryListener}), and listener exceptions are not logged by the framework (every attempt is already
 * reported and counted). Spring allows one {@link RetryTopicConfigurationSupport} per application context: another
 * module needing retry topics in the same context must reuse this one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "kgraph.webhooks.enabled", havingValue = "true", matchIfMissing = true)
public class WebhookRetrySupport extends RetryTopicConfigurationSupport {
    private static final Clock CLOCK = Clock.systemUTC();

    @Override
    protected java.util.function.Consumer<DeadLetterPublishingRecovererFactory>
            configureDeadLetterPublishingContainerFactory() {
        return factory -> {
            factory.neverLogListenerException();
            factory.setDeadLetterPublishingRecovererCustomizer(recoverer ->
                    recoverer.addHeadersFunction((record, exception) -> notBeforeHeader(exception)));
        };
    }

    /** The time a {@code Retry-After} pushes the next attempt to, as a header of the forwarded record. */
    private static RecordHeaders notBeforeHeader(Exception exception) {
        var headers = new RecordHeaders();
        var retryAfter = retryAfterOf(exception);
        if (retryAfter != null) {
            long notBefore = CLOCK.millis() + retryAfter.toMillis();
            headers.add(WebhookHeaders.NOT_BEFORE, String.valueOf(notBefore).getBytes(StandardCharsets.US_ASCII));
        }
        return headers;
    }

    /** Resumes paused retry partitions when their back-off ends. */
    @Bean
    RetryTopicSchedulerWrapper webhookRetryScheduler() {
        var scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("webhook-retry-");
        scheduler.setDaemon(true);
        scheduler.initialize();
        return new RetryTopicSchedulerWrapper(scheduler);
    }

    private static java.time.Duration retryAfterOf(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof DeliveryListener.RetryableDeliveryException retryable) {
                return retryable.retryAfter();
            }
        }
        return null;
    }
}
