package dev.kgraph.model.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a producer codec costs per record batch, the way Kafka's clients and broker use it: a producer writes a batch
 * ({@code write}), the broker reads it once to validate it and every consumer reads it again ({@code read}). At
 * {@code linger.ms=0} the system's batches hold one to a few small records, so the fixed cost of a codec per batch
 * (setting up and tearing down its stream) matters more than its speed per byte. The records are shaped like an
 * {@code echo} run's: its {@code create_run} request (1.3 KB) and its end report with three checkpoints (3.5 KB), each
 * with ids of its own so that a batch of several does not repeat one record. Setup prints the bytes of each batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "--enable-native-access=ALL-UNNAMED"})
public class RecordBatchCodecBenchmark {

    @Param({"none", "snappy", "lz4", "zstd"})
    public String codec;

    @Param({"request", "progress"})
    public String shape;

    @Param({"1", "4"})
    public int records;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z0-9]+}");

    private Compression compression;
    private byte[][] keys;
    private byte[][] values;
    private MemoryRecords written;
    private BufferSupplier buffers;

    @Setup(Level.Trial)
    public void setUp() {
        compression = switch (codec) {
            case "none" -> Compression.NONE;
            case "snappy" -> Compression.snappy().build();
            case "lz4" -> Compression.lz4().build();
            case "zstd" -> Compression.zstd().build();
            default -> throw new IllegalArgumentException(codec);
        };
        keys = new byte[records][];
        values = new byte[records][];
        for (int i = 0; i < records; i++) {
            var thread = UUID.randomUUID().toString();
            keys[i] = thread.getBytes(StandardCharsets.UTF_8);
            var template = shape.equals("request") ? SampleRecords.CREATE_RUN : SampleRecords.RUN_FINISHED;
            var ids = new HashMap<String, String>(Map.of("{thread}", thread));
            values[i] = PLACEHOLDER.matcher(template)
                    .replaceAll(match -> ids.computeIfAbsent(match.group(), name -> UUID.randomUUID().toString()))
                    .getBytes(StandardCharsets.UTF_8);
        }
        buffers = BufferSupplier.create();
        written = write();
        System.out.printf("%nbatch-bytes %s %s x%d: %d (records %d)%n", codec, shape, records, written.sizeInBytes(),
                Arrays.stream(values).mapToInt(v -> v.length).sum());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buffers.close();
    }

    /** A producer appending the records to a new batch and closing it, as {@code RecordAccumulator} does. */
    @Benchmark
    public MemoryRecords write() {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(64 * 1024), compression,
                TimestampType.CREATE_TIME, 0L);
        long now = System.currentTimeMillis();
        for (int i = 0; i < records; i++) {
            builder.append(now, keys[i], values[i]);
        }
        return builder.build();
    }

    /** A consumer (or the broker's validation) reading every record of the batch. */
    @Benchmark
    public long read() {
        long bytes = 0;
        for (RecordBatch batch : written.batches()) {
            try (CloseableIterator<Record> it = batch.streamingIterator(buffers)) {
                while (it.hasNext()) {
                    bytes += it.next().valueSize();
                }
            }
        }
        return bytes;
    }
}
