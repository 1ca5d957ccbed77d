package dev.kgraph.worker.sequencer;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * How every RocksDB store of the sequencer is configured, on top of Kafka Streams' defaults.
 *
 * <p><b>Bounded memory.</b> The off-heap memory of every store of the worker together, as the Kafka Streams
 * memory-management guide recommends: one block cache shared by all stores (index and filter blocks included), which
 * the memtables are also charged to through one {@link WriteBufferManager}. Without it each store of each task gets
 * its own cache and memtables, so RocksDB's memory grows with the number of partitions a worker owns and no container
 * limit can be set safely. The total is {@value #TOTAL_BYTES_CONFIG} (bytes) in the Streams properties; a quarter of
 * it may be memtables.
 *
 * <p><b>Bloom filters on every level.</b> Kafka Streams turns on {@code optimize_filters_for_hits}, which leaves the
 * largest sorted run (where, under its universal compaction, nearly all data sits) without a Bloom filter: right for
 * lookups that mostly find their key. The sequencer's mostly miss: each new run looks up its id and, on a new thread,
 * the thread's, to tell a new request from a replayed one. Without a filter each miss read a data block of the
 * largest file, through a system call rather than from the block cache (the keys are random): a tenth of the stream
 * thread's time at 64 clients (docs/benchmarks.md, section 7, "2026-12-06 late night"). A filter costs about 10 bits
 * per key in the cache.
 */
public final class SequencerRocksDbConfig implements RocksDBConfigSetter {

    /** Streams property carrying the total in bytes; set by the worker from {@code kgraph.worker.rocksdb-memory}. */
    public static final String TOTAL_BYTES_CONFIG = "kgraph.rocksdb.total.bytes";
    static final long DEFAULT_TOTAL_BYTES = 128L * 1024 * 1024;

    // Shared by every store of the process (Streams creates one setter per store), created with the first store.
    private static Cache cache;
    private static WriteBufferManager writeBufferManager;
    private static long total;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        long wanted = totalBytes(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        synchronized (SequencerRocksDbConfig.class) {
            if (cache == null || total != wanted) {
                // A new total only happens in tests that start several workers in one JVM with different settings;
                // stores already open keep the previous objects, which stay alive while they use them.
                total = wanted;
                cache = new LRUCache(wanted, -1, false, 0.1);
                writeBufferManager = new WriteBufferManager(wanted / 4, cache);
            }
            table.setBlockCache(cache);
            options.setWriteBufferManager(writeBufferManager);
        }
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setOptimizeFiltersForHits(false); // filters on every level: the lookups here mostly miss
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store: closing them here would break the others.
    }

    static long totalBytes(Map<String, Object> configs) {
        Object value = configs.get(TOTAL_BYTES_CONFIG);
        if (value == null) {
            return DEFAULT_TOTAL_BYTES;
        }
        long bytes = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
        if (bytes < 1024 * 1024) {
            throw new IllegalArgumentException(TOTAL_BYTES_CONFIG + " must be at least 1 MB, was " + bytes);
        }
        return bytes;
    }
}
