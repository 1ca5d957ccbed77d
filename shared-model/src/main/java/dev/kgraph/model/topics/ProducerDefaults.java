package dev.kgraph.model.topics;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer settings every process uses, on top of the deployment's own client properties (security, ...):
 * acknowledged by all in-sync replicas, idempotent (no duplicates or reordering on retry), and sent at once:
 * Kafka 4 defaults {@code linger.ms} to 5 ms, which every request/reply hop would pay. Batches are compressed with
 * {@link #COMPRESSION lz4}: the records are JSON with repeated field names (a checkpoint names its channels in its
 * values, its versions and its metadata), so what every run appends to Kafka shrinks severalfold, for a CPU cost that
 * is small next to a record's (lz4 is the cheapest of Kafka's codecs).
 */
public final class ProducerDefaults {

    /** The codec of every producer of the system, Kafka Streams' included. */
    public static final String COMPRESSION = "lz4";

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
