package dev.kgraph.worker.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link CheckpointStore} answers for a thread's latest root checkpoint must always be what a scan of the store
 * answers: the ids it keeps only spare the scan.
 */
class CheckpointStoreTests {
    private static final String THREAD = "0b5b4a4e-3f6d-4c50-9a55-4a3c1c1e7a01";
    private static final String OTHER = "0b5b4a4e-3f6d-4c50-9a55-4a3c1c1e7a02";

    private KeyValueStore<String, byte[]> store;
    private CheckpointStore checkpoints;

    @BeforeEach
    void openStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SequencerStores.THREAD_STATE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        var context = new MockProcessorContext<String, Object>();
        store.init(context.getStateStoreContext(), store);
        checkpoints = new CheckpointStore(SequencerStores.checkpoints(store));
    }

    @Test
    void aNewThreadsLatestCheckpointIsTheLastRootOneItsRunsPut() {
        checkpoints.threadCreated(THREAD);
        assertThat(checkpoints.latestRoot(THREAD)).isNull();

        put(THREAD, "", "1f1f1c45-0001");
        put(THREAD, "", "1f1f1c45-0003");
        put(THREAD, "child:task", "1f1f1c45-0009"); // a subgraph's: not the thread's state
        put(THREAD, "", "1f1f1c45-0002"); // an older one, put later

        assertLatest(THREAD, "1f1f1c45-0003");
        assertThat(checkpoints.latestRoot(THREAD).value).isEqualTo(bytes(THREAD, "", "1f1f1c45-0003"));
    }

    @Test
    void aThreadNotKnownIsAnsweredFromTheStoreAndDeletionsAreSeen() {
        var section = SequencerStores.checkpoints(store); // written around the kept knowledge
        section.put(StoreKeys.checkpoint(THREAD, "", "1f1f1c45-0001"), bytes(THREAD, "", "1f1f1c45-0001"));
        section.put(StoreKeys.checkpoint(THREAD, "", "1f1f1c45-0002"), bytes(THREAD, "", "1f1f1c45-0002"));
        section.put(StoreKeys.checkpoint(OTHER, "", "1f1f1c45-0005"), bytes(OTHER, "", "1f1f1c45-0005"));

        assertLatest(THREAD, "1f1f1c45-0002");
        checkpoints.delete(StoreKeys.checkpoint(THREAD, "", "1f1f1c45-0002")); // a rollback's
        assertLatest(THREAD, "1f1f1c45-0001");
        checkpoints.delete(StoreKeys.checkpoint(THREAD, "", "1f1f1c45-0001"));
        assertThat(checkpoints.latestRoot(THREAD)).isNull();
        assertLatest(OTHER, "1f1f1c45-0005");
    }

    @Test
    void whatItKeepsAgreesWithAScanAfterAnySequenceOfWrites() {
        var random = new Random(14);
        var threads = List.of(THREAD, OTHER);
        var written = new ArrayList<String>();
        threads.forEach(checkpoints::threadCreated);
        for (int step = 0; step < 2_000; step++) {
            var thread = threads.get(random.nextInt(threads.size()));
            int action = random.nextInt(10);
            if (action < 6) {
                var key = put(thread, random.nextInt(4) == 0 ? "child:task" : "",
                        "1f1f1c45-%04d".formatted(random.nextInt(500)));
                written.add(key);
            } else if (action < 8 && !written.isEmpty()) {
                checkpoints.delete(written.remove(random.nextInt(written.size())));
            } else {
                var scanned = new CheckpointStore(SequencerStores.checkpoints(store)).latestRoot(thread); // knows nothing: scans
                var kept = checkpoints.latestRoot(thread);
                assertThat(kept == null ? null : kept.key).as("step %d", step)
                        .isEqualTo(scanned == null ? null : scanned.key);
            }
        }
    }

    private String put(String thread, String namespace, String id) {
        var key = StoreKeys.checkpoint(thread, namespace, id);
        checkpoints.put(key, bytes(thread, namespace, id));
        return key;
    }

    private void assertLatest(String thread, String id) {
        KeyValue<String, byte[]> latest = checkpoints.latestRoot(thread);
        assertThat(latest).isNotNull();
        assertThat(latest.key).isEqualTo(id);
    }

    private static byte[] bytes(String thread, String namespace, String id) {
        return (thread + "|" + namespace + "|" + id).getBytes(StandardCharsets.UTF_8);
    }
}
