package dev.kgraph.gateway.webhooks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Binds the webhook factories' Kafka clients to Micrometer while they live, with {@link KafkaClientMetrics} and the
 * same tags as every other Kafka client of the process. Not spring-kafka's {@code MicrometerConsumerListener}: it adds
 * a {@code spring.id} tag, and Prometheus keeps one set of tag keys per metric name, so the clients bound without it
 * (the gateway's tails, Kafka Streams') would silently vanish from the scrape, or these would.
 */
final class KafkaClientMeters<K, V> implements ProducerFactory.Listener<K, V>, ConsumerFactory.Listener<K, V> {
    private final MeterRegistry registry;
    private final Map<String, KafkaClientMetrics> bound = new ConcurrentHashMap<>();

    KafkaClientMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void producerAdded(String id, Producer<K, V> producer) {
        bind(id, new KafkaClientMetrics(producer));
    }

    @Override
    public void producerRemoved(String id, Producer<K, V> producer) {
        unbind(id);
    }

    @Override
    public void consumerAdded(String id, Consumer<K, V> consumer) {
        bind(id, new KafkaClientMetrics(consumer));
    }

    @Override
    public void consumerRemoved(String id, Consumer<K, V> consumer) {
        unbind(id);
    }

    private void bind(String id, KafkaClientMetrics metrics) {
        metrics.bindTo(registry);
        var previous = bound.put(id, metrics);
        if (previous != null) {
            previous.close();
        }
    }

    private void unbind(String id) {
        var metrics = bound.remove(id);
        if (metrics != null) {
            metrics.close();
        }
    }
}
