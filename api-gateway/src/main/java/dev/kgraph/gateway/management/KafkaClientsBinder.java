package dev.kgraph.gateway.management;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Binds the Kafka clients the gateway creates itself (not through spring-kafka's factories, which have their own
 * Micrometer listeners) with Micrometer's {@link KafkaClientMetrics}; closed with the context, which stops the
 * binders' refresh threads and removes their meters.
 */
final class KafkaClientsBinder implements MeterBinder, AutoCloseable {
    private final Supplier<List<Object>> clients;
    private final List<KafkaClientMetrics> bound = new ArrayList<>();

    KafkaClientsBinder(Supplier<List<Object>> clients) {
        this.clients = clients;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        for (var client : clients.get()) {
            var metrics = switch (client) {
                case Producer<?, ?> producer -> new KafkaClientMetrics(producer);
                case Consumer<?, ?> consumer -> new KafkaClientMetrics(consumer);
                default -> throw new IllegalArgumentException("not a Kafka client: " + client.getClass());
            };
            metrics.bindTo(registry);
            bound.add(metrics);
        }
    }

    @Override
    public synchronized void close() {
        bound.forEach(KafkaClientMetrics::close);
        bound.clear();
    }
}
