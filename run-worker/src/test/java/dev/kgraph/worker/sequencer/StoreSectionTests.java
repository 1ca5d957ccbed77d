package dev.kgraph.worker.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sections of the thread-state store read as stores of their own: a thread's runs, checkpoints, entry and values
 * share one store (one changelog), yet no scan of one kind ever returns an entry of another.
 */
class StoreSectionTests {
    private static final String THREAD = "0b5b4a4e-3f6d-4c50-9a55-4a3c1c1e7a01";
    private static final String OTHER = "0b5b4a4e-3f6d-4c50-9a55-4a3c1c1e7a02";

    private KeyValueStore<String, byte[]> store;

    @BeforeEach
    void openStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SequencerStores.THREAD_STATE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<String, Object>().getStateStoreContext(), store);
    }

    @Test
    void eachKindScansOnlyItsOwnEntriesUnderTheirOwnKeys() {
        var checkpoints = SequencerStores.checkpoints(store);
        var values = SequencerStores.threadValues(store);
        checkpoints.put(StoreKeys.checkpoint(THREAD, "", "1f1f-0002"), bytes("two"));
        checkpoints.put(StoreKeys.checkpoint(THREAD, "", "1f1f-0001"), bytes("one"));
        checkpoints.put(StoreKeys.checkpoint(OTHER, "", "1f1f-0003"), bytes("other's"));
        values.put(THREAD, bytes("values"));
        values.put(OTHER, bytes("other values"));

        assertThat(keys(checkpoints.range(StoreKeys.checkpointsFrom(THREAD, ""), StoreKeys.checkpointsTo(THREAD, ""))))
                .containsExactly(StoreKeys.checkpoint(THREAD, "", "1f1f-0001"),
                        StoreKeys.checkpoint(THREAD, "", "1f1f-0002"));
        assertThat(keys(checkpoints.reverseRange(StoreKeys.checkpointsFrom(THREAD, ""),
                StoreKeys.checkpointsTo(THREAD, "")))).containsExactly(StoreKeys.checkpoint(THREAD, "", "1f1f-0002"),
                        StoreKeys.checkpoint(THREAD, "", "1f1f-0001"));
        // a thread's values sort right after its id, as its checkpoints do: only the prefix keeps them apart
        assertThat(keys(values.all())).containsExactly(THREAD, OTHER);
        assertThat(keys(checkpoints.all())).hasSize(3);
        assertThat(new String(values.get(THREAD), StandardCharsets.UTF_8)).isEqualTo("values");
        assertThat(checkpoints.get(THREAD)).isNull();

        values.delete(THREAD);
        assertThat(values.get(THREAD)).isNull();
        assertThat(keys(checkpoints.all())).hasSize(3);
        assertThat(store.approximateNumEntries()).isEqualTo(4);
    }

    @Test
    void typedSectionsDecodeWhatTheyStoredAndPuttingNothingDeletes() {
        var runs = SequencerStores.runs(store);
        var threads = SequencerStores.threads(store);
        var thread = ThreadEntry.create(THREAD, java.util.Map.of("k", "v"), "2026-01-01T00:00:00Z");
        threads.put(THREAD, thread);

        assertThat(threads.get(THREAD)).isEqualTo(thread);
        assertThat(runs.get(THREAD)).isNull();
        assertThat(store.get("t/" + THREAD)).as("the entry's JSON under its section's prefix").isNotNull();

        threads.put(THREAD, null);
        assertThat(threads.get(THREAD)).isNull();
        assertThat(store.approximateNumEntries()).isZero();
    }

    private static <V> List<String> keys(KeyValueIterator<String, V> entries) {
        var keys = new ArrayList<String>();
        try (entries) {
            while (entries.hasNext()) {
                KeyValue<String, V> next = entries.next();
                keys.add(next.key);
            }
        }
        return keys;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
