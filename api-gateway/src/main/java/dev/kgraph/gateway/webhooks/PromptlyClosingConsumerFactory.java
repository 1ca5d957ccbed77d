package dev.kgraph.gateway.webhooks;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * Spring's consumer factory, but its consumers' {@code close()} (what a listener container calls when it stops) takes
 * at most {@link #CLOSE_TIMEOUT} instead of Kafka's 30 s.
 *
 * <p>A closing consumer first leaves its group (a few milliseconds), then asks the broker to drop its fetch session;
 * that request queues behind the fetch the broker is holding for it ({@code fetch.max.wait.ms}, 5 s for these
 * listeners: {@link dev.kgraph.model.topics.ConsumerDefaults#IDLE_FETCH_WAIT_MS}), so an idle listener took 5 s to
 * stop and held up the gateway's shutdown as long. The bound still leaves the group time to be left (the coordinator
 * goes first and may use all of it); a fetch session left behind is evicted by the broker.
 */
final class PromptlyClosingConsumerFactory<K, V> extends DefaultKafkaConsumerFactory<K, V> {
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    PromptlyClosingConsumerFactory(Map<String, Object> config, Deserializer<K> keys, Deserializer<V> values) {
        super(config, keys, values);
    }

    @Override
    protected Consumer<K, V> createRawConsumer(Map<String, Object> configProps) {
        return new ExtendedKafkaConsumer(configProps) {
            @Override
            public void close() {
                close(CloseOptions.timeout(CLOSE_TIMEOUT));
            }
        };
    }
}
