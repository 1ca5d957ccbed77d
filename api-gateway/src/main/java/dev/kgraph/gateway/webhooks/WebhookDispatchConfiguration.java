package dev.kgraph.gateway.webhooks;

import static dev.kgraph.model.topics.ConsumerDefaults.IDLE_FETCH_WAIT_MS;
import static dev.kgraph.model.topics.ConsumerDefaults.PAUSING_FETCH_WAIT_MS;

import dev.kgraph.model.json.JsonSerde;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.topics.TopicLayout;
import dev.kgraph.model.topics.Topics;
import dev.kgraph.model.webhooks.WebhookRequest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaConsumerBackoffManager;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.kafka.retrytopic.DestinationTopicResolver;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.SameIntervalTopicReuseStrategy;
import org.springframework.kafka.retrytopic.TopicSuffixingStrategy;
import org.springframework.kafka.support.CompositeProducerListener;
import org.springframework.kafka.support.LoggingProducerListener;

/**
 * The dispatcher: the delivery listener on {@code kgraph.webhooks} (queued there by the runs' thread writers), the
 * retry topics, the HTTP sender and the state reports. Present unless
 * {@code kgraph.webhooks.enabled=false} (a gateway that only serves the API). The Kafka clients here are private to
 * webhooks (none is exposed as a {@code ConsumerFactory}/{@code ProducerFactory}/{@code KafkaTemplate} bean), so
 * Spring Boot's own Kafka defaults stay in place for anyone else.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "kgraph.webhooks.enabled", havingValue = "true", matchIfMissing = true)
public class WebhookDispatchConfiguration {
    static final String DELIVERIES_FACTORY = "webhookDeliveriesContainerFactory";
    private static final Clock CLOCK = Clock.systemUTC();

    /** The producer of delivery requests, also used by the retry topics to forward failed attempts. */
    @Bean(destroyMethod = "destroy")
    WebhookQueue webhookQueue(KafkaProperties kafka, ObjectProvider<MeterRegistry> meters,
                              ObjectProvider<RetryListenersOnDemand> onDemand) {
        var factory = new WebhookProducerFactory<>(producerConfig(kafka), new StringSerializer(),
                new JsonSerde<>(WebhookRequest.class).serializer());
        meters.ifAvailable(registry -> factory.addListener(new KafkaClientMeters<>(registry)));
        var template = new KafkaTemplate<>(factory);
        // the forwards to the retry topics go through this template: they start those topics' listeners if needed
        onDemand.ifAvailable(listener -> template.setProducerListener(new CompositeProducerListener<>(
                new LoggingProducerListener<>(), listener.forwards())));
        return new WebhookQueue(template, factory);
    }

    /** Present with {@code kgraph.webhooks.retry-listeners-on-demand=true} (the standalone server sets it). */
    @Bean
    @ConditionalOnProperty(name = "kgraph.webhooks.retry-listeners-on-demand", havingValue = "true")
    RetryListenersOnDemand webhookRetryListenersOnDemand(ListenerContainerRegistry containers, KafkaProperties kafka) {
        return new RetryListenersOnDemand(containers, RetryListenersOnDemand.adminConfig(
                kafka.buildAdminProperties(), String.join(",", kafka.getBootstrapServers())));
    }

    @Bean
    DeliveryReporter webhookDeliveryReporter(KafkaProperties kafka, ObjectProvider<MeterRegistry> meters) {
        var producer = new KafkaProducer<String, ThreadRequest>(producerConfig(kafka),
                Topics.REQUESTS.keySerde().serializer(), Topics.REQUESTS.valueSerde().serializer());
        var reporter = new DeliveryReporter(producer, CLOCK);
        meters.ifAvailable(reporter::bindMetrics);
        return reporter;
    }

    @Bean
    WebhookSender webhookSender(WebhookSettings settings, WebhookUrlPolicy policy) {
        return new WebhookSender(settings, policy, CLOCK);
    }

    @Bean
    DeliveryListener webhookDeliveryListener(WebhookSender sender, DeliveryReporter reporter, WebhookMeters metrics,
                                             WebhookSettings settings, KafkaConsumerBackoffManager backoff,
                                             ListenerContainerRegistry containers, DestinationTopicResolver topics) {
        return new DeliveryListener(sender, reporter, metrics,
                new RetryAfterGate(backoff, containers, topics, settings.maxBackoff(), CLOCK));
    }

    /**
     * The retry topics: exponential back-off from the settings, {@code -retry-<n>} suffixes, the longest delay on a
     * single reused topic, the dead-letter topic handled by {@link DeliveryListener#onDeadLetter}.
     */
    @Bean
    RetryTopicConfiguration webhookRetryTopics(WebhookSettings settings, WebhookQueue queue, Environment env) {
        var layout = TopicLayout.fromProperties(env::getProperty);
        return RetryTopicConfigurationBuilder.newInstance()
                .includeTopic(WebhookTopics.DELIVERIES)
                .maxAttempts(settings.attempts())
                .customBackoff(settings.backOff())
                .setTopicSuffixingStrategy(TopicSuffixingStrategy.SUFFIX_WITH_INDEX_VALUE)
                .sameIntervalTopicReuseStrategy(SameIntervalTopicReuseStrategy.SINGLE_TOPIC)
                .autoCreateTopics(true, layout.partitions(), layout.replicationFactor())
                .concurrency(settings.concurrency())
                .listenerFactory(DELIVERIES_FACTORY)
                .dltHandlerMethod("webhookDeliveryListener", "onDeadLetter")
                .create(queue.template());
    }

    @Bean(DELIVERIES_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, WebhookRequest> webhookDeliveriesContainerFactory(
            KafkaProperties kafka, WebhookSettings settings, ObjectProvider<MeterRegistry> meters) {
        var config = consumerConfig(kafka, 5); // each record may take a request timeout
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                (int) Math.max(300_000, 6 * settings.requestTimeout().toMillis() + 60_000));
        var factory = new ConcurrentKafkaListenerContainerFactory<String, WebhookRequest>();
        var consumers = new PromptlyClosingConsumerFactory<>(config, new StringDeserializer(),
                new JsonSerde<>(WebhookRequest.class).deserializer());
        meters.ifAvailable(registry -> consumers.addListener(new KafkaClientMeters<>(registry)));
        factory.setConsumerFactory(consumers);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
        factory.setConcurrency(settings.concurrency());
        factory.setRecordInterceptor(new RunLogRecordInterceptor());
        factory.setContainerCustomizer(container -> {
            if (RetryListenersOnDemand.readsRetryTopic(container)) {
                // these wait out their back-off by pausing partitions: a resumed one is fetched only once the held
                // fetch returns
                container.getContainerProperties().getKafkaConsumerProperties().setProperty(
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(PAUSING_FETCH_WAIT_MS));
                if (settings.retryListenersOnDemand()) {
                    container.setAutoStartup(false); // RetryListenersOnDemand starts it
                }
            }
        });
        return factory;
    }

    /** Boot's {@code spring.kafka.producer.*} (security included), with the delivery guarantees fixed. */
    private static Map<String, Object> producerConfig(KafkaProperties kafka) {
        return dev.kgraph.model.topics.ProducerDefaults.durableLowLatency(kafka.buildProducerProperties(),
                String.join(",", kafka.getBootstrapServers()));
    }

    /**
     * Boot's {@code spring.kafka.consumer.*} (security, session timeouts), reading from the earliest offset when the
     * group is new (a completion written before the group first joined is not lost) and committing only what was
     * processed.
     */
    private static Map<String, Object> consumerConfig(KafkaProperties kafka, int maxPollRecords) {
        var config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // see TopicTail
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, IDLE_FETCH_WAIT_MS); // the retry topics' listeners: below
        return config;
    }

    /** The delivery-request producer; closed with the context. */
    record WebhookQueue(KafkaTemplate<String, WebhookRequest> template,
                        DefaultKafkaProducerFactory<String, WebhookRequest> factory) {
        void destroy() {
            factory.destroy();
        }
    }
}
