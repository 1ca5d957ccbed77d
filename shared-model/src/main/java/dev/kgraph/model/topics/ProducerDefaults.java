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
 * changes it for every producer, Kafka Streams' included). At {@code linger.ms=0} a batch holds one to a few small
 * records, so what a codec costs here is mostly per batch: Kafka's zstd sets up and frees a native context for every
 * batch a producer writes and every batch the broker validates or a consumer reads (about 20 µs more to write a batch
 * of one record, 7 µs more to read it), lz4 allocates a 64 KB block per batch written; snappy costs 1-5 µs more per
 * batch ({@code RecordBatchCodecBenchmark}). With snappy an {@code echo} run appends about 4 KB to Kafka instead of
 * 12, and its frames were 1 % of the server's CPU samples at 64 clients, but one client's runs were 0.7-0.8 ms slower
 * at the median in both pairs measured, which the one-client latency target cannot afford (docs/benchmarks.md,
 * section 7, "2026-12-06 afternoon: snappy measured"). {@code snappy} (or {@code zstd}, 2.7 KB a run) is the setting
 * for deployments where disk or network is shorter than latency or CPU.
 */
public final class ProducerDefaults {

    /**
     * The largest record any process writes, and every topic of the system accepts ({@code max.request.size},
     * {@code max.message.bytes}): 16 MiB instead of Kafka's 1 MiB. A run's end report carries its checkpoints and its
     * final values, so with 1 MiB a thread whose state passed about 250 KB could not end a run any more. What still
     * does not fit ends the run with an error ({@code RunExecutor}) or answers the request with one (the writer's
     * replies); it never stops a thread. Below the producer's 32 MiB {@code buffer.memory}, which a record must fit.
     */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

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
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        return config;
    }
}
