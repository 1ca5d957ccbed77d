package dev.kgraph.model.topics;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer settings every process uses, on top of the deployment's own client properties (security, ...):
 * acknowledged by all in-sync replicas, idempotent (no duplicates or reordering on retry), and sent at once:
 * Kafka 4 defaults {@code linger.ms} to 5 ms, which every request/reply hop would pay.
 *
 * <p>Records are compressed with snappy by default ({@link #compression}; {@code spring.kafka.producer.compression-type}
 * changes it for every producer, Kafka Streams' included): an {@code echo} run appends about 4 KB to Kafka instead of
 * 12 at 64 clients (7 instead of 13 at one client, whose batches hold a record each). At {@code linger.ms=0} a batch
 * holds one to a few small records, so what a codec costs here is mostly per batch ({@code RecordBatchCodecBenchmark}):
 * snappy 1-5 µs more per batch; Kafka's zstd sets up and frees a native context for every batch a producer writes and
 * every batch the broker validates or a consumer reads (about 20 µs more to write a batch of one record, 7 µs more to
 * read it); lz4 allocates a 64 KB block and its compressed twin for every batch written (9-13 µs more), and cost about
 * 15 % more CPU per run at 64 clients. Two servers started together and measured in alternating 20 s windows (16
 * pairs of windows, one client) put snappy's cost at about 0.05 ms at the median and 0.1 ms of CPU per run, and at
 * 0.13 ms of CPU per run at 64 clients (12 pairs), within the windows' spread; sequential pairs had read 0.45 ms at
 * one client, the position of the later-started server included
 * (docs/benchmarks.md, section 7, "2026-12-06 night: snappy by default"). {@code none} is the setting where CPU is
 * shorter than disk or network; {@code zstd} gives about a fifth of the bytes for more CPU.
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

    /**
     * The codec of every producer of the system unless the client properties name one. Private and read through
     * {@link #compression}: a public constant would be copied into the callers' class files, so a module built
     * against an older value would keep it.
     */
    private static final String COMPRESSION = "snappy";

    private ProducerDefaults() {
    }

    public static Map<String, Object> durableLowLatency(Map<String, Object> clientProperties, String bootstrapServers) {
        var config = new HashMap<>(clientProperties);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression(clientProperties));
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        return config;
    }

    /** The codec the client properties name ({@code compression.type}), or the system's default. */
    public static String compression(Map<String, Object> clientProperties) {
        Object configured = clientProperties.get(ProducerConfig.COMPRESSION_TYPE_CONFIG);
        return configured == null ? COMPRESSION : configured.toString();
    }
}
