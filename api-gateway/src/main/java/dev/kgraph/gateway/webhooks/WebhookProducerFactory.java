package dev.kgraph.gateway.webhooks;

import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * The producer factory of the webhook queue, which creates no producer once destroyed. A delivery still in its HTTP
 * call when the gateway stops gives up after the listener containers' stop timeout; when the call then fails, its
 * listener forwards the attempt to a retry topic, and a plain {@link DefaultKafkaProducerFactory} would create a new
 * producer for it after the context has destroyed the factory: one that nobody closes and that reconnects to the
 * brokers for as long as the JVM lives. Refusing the send instead leaves the record's offset uncommitted, so the
 * attempt is made again by whichever gateway reads the partition next.
 */
final class WebhookProducerFactory<K, V> extends DefaultKafkaProducerFactory<K, V> {
    private volatile boolean destroyed;

    WebhookProducerFactory(Map<String, Object> config, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        super(config, keySerializer, valueSerializer);
    }

    @Override
    public Producer<K, V> createProducer() {
        refuseWhenDestroyed();
        return super.createProducer();
    }

    @Override
    public Producer<K, V> createProducer(@Nullable String txIdPrefix) {
        refuseWhenDestroyed();
        return super.createProducer(txIdPrefix);
    }

    @Override
    public Producer<K, V> createNonTransactionalProducer() {
        refuseWhenDestroyed();
        return super.createNonTransactionalProducer();
    }

    @Override
    public void destroy() {
        destroyed = true;
        super.destroy();
    }

    private void refuseWhenDestroyed() {
        if (destroyed) {
            throw new KafkaException("the webhook queue is closed (the gateway is stopping); the attempt is made again"
                    + " by the gateway that reads its record next");
        }
    }
}
