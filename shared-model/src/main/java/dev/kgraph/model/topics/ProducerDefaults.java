package dev.kgraph.model.topics;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer settings every process uses, on top of the deployment's own client properties (security, ...):
 * acknowledged by all in-sync replicas, idempotent (no duplicates or reordering on retry), and sent at once:
 * Kafka 4 defaults {@code linger.ms} to 5 ms, which every request/reply hop would pay.
 *
 * <p>Records are not compressed by default ({@link #COMPRESSION}; {@code spring.kafka.producer.compression-type}
 * changes it for every producer, Kafka Streams' included). Measured on {@code echo} runs at 64 clients
 * (docs/benchmarks.md, section 7): zstd cuts what a run appends to Kafka from 10.6 KB to 4.1 KB, but costs about
 * 2 ms of CPU per run (8.2 against 6.0 ms, 254 against 320 runs/s): at {@code linger.ms=0} nearly every batch holds
 * one small record, and each compressed batch pays for a fresh compression stream in the producer and a
 * decompression in the broker's validation. Worth it where disk or network, not CPU, is short.
 */
public final class ProducerDefaults {

    /** The codec of every producer of the system, Kafka Streams' included. */
    public static final String COMPRESSION = "none";

    private ProducerDefaults() {
    }

    public static Map<String, Object> durableLowLatency(Map<String, Object> clientProperties, String bootstrapServers) {
        var config = new HashMap<>(clientProperties);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION);
        return config;
    }
}
