package dev.kgraph.gateway.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
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
            factory.setDeadLetterPublisherCreator(NotBeforeForwarding::new);
        };
    }

    /**
     * A retry topic's recoverer whose forwarded records carry, besides the framework's headers, the not-before time of
     * a {@code Retry-After}. Ours is folded into the one headers function the factory sets, rather than added after it
     * with {@code addHeadersFunction}: in spring-kafka 4.1 that call composes the two through a setter that logs a
     * warning ("Replacing custom headers function") whenever a function is already set, i.e. once per retry topic at
     * every start, although nothing is lost.
     */
    static final class NotBeforeForwarding extends DeadLetterPublishingRecoverer {
        NotBeforeForwarding(Function<ProducerRecord<?, ?>, ? extends KafkaOperations<?, ?>> templateResolver,
                            BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> destinationResolver) {
            super(templateResolver, destinationResolver);
        }

        @Override
        public void setHeadersFunction(BiFunction<ConsumerRecord<?, ?>, Exception, Headers> framework) {
            super.setHeadersFunction((record, exception) -> {
                Headers headers = framework.apply(record, exception);
                if (headers == null) {
                    headers = new RecordHeaders();
                }
                notBeforeHeader(exception).forEach(headers::add);
                return headers;
            });
        }
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
