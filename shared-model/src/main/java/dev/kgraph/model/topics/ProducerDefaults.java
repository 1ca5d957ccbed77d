package dev.kgraph.model.topics;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer settings every process uses, on top of the deployment's own client properties (security, ...):
 * acknowledged by all in-sync replicas, idempotent (no duplicates or reordering on retry), and sent at once:
 * Kafka 4 defaults {@code linger.ms} to 5 ms, which every request/reply hop would pay. Batches are compressed with
 * {@link #COMPRESSION zstd}: the records are JSON with repeated field names (a checkpoint names its channels in its
 * values, its versions and its metadata), so what every run appends to Kafka shrinks severalfold. Measured on
 * {@code echo} runs (docs/benchmarks.md): 4.6 KB appended per run with zstd against 6.1 KB with lz4 (most batches
 * hold one small record, and zstd's entropy coding does better on those); the CPU cost, tens of microseconds per run,
 * was below the noise of the measurement.
 */
public final class ProducerDefaults {

    /** The codec of every producer of the system, Kafka Streams' included. */
    public static final String COMPRESSION = "zstd";

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
