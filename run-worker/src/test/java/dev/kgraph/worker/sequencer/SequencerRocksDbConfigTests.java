package dev.kgraph.worker.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class SequencerRocksDbConfigTests {

    static {
        RocksDB.loadLibrary();
    }

    @Test
    void everyStoreIsChargedToOneSharedBudget() {
        var setter = new SequencerRocksDbConfig();
        Map<String, Object> configs = Map.of(SequencerRocksDbConfig.TOTAL_BYTES_CONFIG, 32L * 1024 * 1024);
        try (var threads = options(); var runs = options()) {
            setter.setConfig("threads", threads, configs);
            setter.setConfig("runs", runs, configs);

            assertThat(threads.writeBufferManager()).isNotNull().isSameAs(runs.writeBufferManager());
            var table = (BlockBasedTableConfig) runs.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).as("index and filter blocks count against the budget").isTrue();
            setter.close("threads", threads);
            setter.close("runs", runs);
        }
    }

    @Test
    void everyLevelHasABloomFilterForLookupsThatMiss() {
        try (var runs = options()) {
            runs.setOptimizeFiltersForHits(true); // Kafka Streams' default, set before the setter is called
            new SequencerRocksDbConfig().setConfig("runs", runs, Map.of());

            assertThat(runs.optimizeFiltersForHits()).as("the largest sorted run keeps its filter too").isFalse();
        }
    }

    @Test
    void aBudgetBelowOneMegabyteIsRefused() {
        assertThat(SequencerRocksDbConfig.totalBytes(Map.of())).isEqualTo(SequencerRocksDbConfig.DEFAULT_TOTAL_BYTES);
        assertThat(SequencerRocksDbConfig.totalBytes(Map.of(SequencerRocksDbConfig.TOTAL_BYTES_CONFIG, "2097152")))
                .isEqualTo(2L * 1024 * 1024);
        assertThatThrownBy(() -> SequencerRocksDbConfig.totalBytes(Map.of(SequencerRocksDbConfig.TOTAL_BYTES_CONFIG, 1000L)))
                .hasMessageContaining("at least 1 MB");
    }

    private static Options options() {
        var options = new Options();
        options.setTableFormatConfig(new BlockBasedTableConfig());
        return options;
    }
}
