package dev.kgraph.worker.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbMemoryTests {

    static {
        RocksDB.loadLibrary();
    }

    @Test
    void everyStoreIsChargedToOneSharedBudget() {
        var setter = new BoundedRocksDbMemory();
        Map<String, Object> configs = Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, 32L * 1024 * 1024);
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
    void aBudgetBelowOneMegabyteIsRefused() {
        assertThat(BoundedRocksDbMemory.totalBytes(Map.of())).isEqualTo(BoundedRocksDbMemory.DEFAULT_TOTAL_BYTES);
        assertThat(BoundedRocksDbMemory.totalBytes(Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, "2097152")))
                .isEqualTo(2L * 1024 * 1024);
        assertThatThrownBy(() -> BoundedRocksDbMemory.totalBytes(Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, 1000L)))
                .hasMessageContaining("at least 1 MB");
    }

    private static Options options() {
        var options = new Options();
        options.setTableFormatConfig(new BlockBasedTableConfig());
        return options;
    }
}
