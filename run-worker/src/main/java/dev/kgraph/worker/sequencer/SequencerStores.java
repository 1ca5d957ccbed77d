package dev.kgraph.worker.sequencer;

import dev.kgraph.model.json.JsonSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The sequencer's state, each store backed by a compacted changelog topic ({@code <application.id>-<store>-changelog}),
 * so a worker that loses its disk, or a new worker taking a partition over, rebuilds it from Kafka.
 * Caching is off: every write reaches the changelog with the record that caused it.
 */
public final class SequencerStores {
    /**
     * Everything a thread owns, in four {@linkplain StoreSection sections}: its {@link ThreadEntry} ({@code t/}thread
     * id), its values when they are large ({@code v/}thread id), its runs ({@code r/}thread id/run id →
     * {@link RunEntry}) and its checkpoints ({@code c/}thread id/namespace/checkpoint id → checkpoint JSON). One store,
     * so that what one decision writes (a run's end: the run, its thread, their values and the run's checkpoints)
     * travels to one changelog partition, in one batch that compresses as a whole and, under exactly-once, in one
     * partition of the transaction: four stores cost four batches and four commit markers.
     */
    public static final String THREAD_STATE = "thread-state";
    /**
     * due time (epoch ms, zero-padded)/thread id/run id → thread id: runs scheduled with {@code after_seconds}; and
     * due time/thread id/{@code ~ttl} → {@code ttl:}thread id: a thread's ttl; and due time/cron id/{@code ~cron} →
     * {@code cron:}cron id: a cron's next tick.
     */
    public static final String SCHEDULE = "schedule";
    /** assistant id → {@link AssistantEntry} (its active version); assistant id/version → that version. */
    public static final String ASSISTANTS = "assistants";
    /** cron id → {@link CronEntry}; its next tick is a wake-up in {@link #SCHEDULE}. */
    public static final String CRONS = "crons";
    /** store item key ({@code dev.kgraph.model.store.StoreAddress#itemKey}) → {@link StoreItemEntry}. */
    public static final String STORE_ITEMS = "store-items";
    /** due time (epoch ms, zero-padded)/store item key → store item key: the ttl expiries of store items. */
    public static final String STORE_EXPIRIES = "store-expiries";

    /** Every store of the topology, hence every changelog ({@code SequencerTopology} adds each of them). */
    public static final java.util.List<String> ALL = java.util.List.of(THREAD_STATE, SCHEDULE, ASSISTANTS, CRONS,
            STORE_ITEMS, STORE_EXPIRIES);

    private SequencerStores() {
    }

    static StoreBuilder<KeyValueStore<String, byte[]>> threadState() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(THREAD_STATE), Serdes.String(),
                Serdes.ByteArray()).withCachingDisabled();
    }

    /** thread id → {@link ThreadEntry}. */
    static StoreSection<ThreadEntry> threads(KeyValueStore<String, byte[]> threadState) {
        return new StoreSection<>(threadState, "t/", new JsonSerde<>(ThreadEntry.class));
    }

    /**
     * thread id → the thread's values (JSON), when they are large: stored apart from its {@link ThreadEntry}, which
     * changes with every run queued on it while its values change once per run.
     */
    static StoreSection<byte[]> threadValues(KeyValueStore<String, byte[]> threadState) {
        return new StoreSection<>(threadState, "v/", Serdes.ByteArray());
    }

    /** thread id/run id ({@link StoreKeys#run}) → {@link RunEntry}. */
    static StoreSection<RunEntry> runs(KeyValueStore<String, byte[]> threadState) {
        return new StoreSection<>(threadState, "r/", new JsonSerde<>(RunEntry.class));
    }

    /** thread id/namespace/checkpoint id ({@link StoreKeys#checkpoint}) → checkpoint JSON. */
    static StoreSection<byte[]> checkpoints(KeyValueStore<String, byte[]> threadState) {
        return new StoreSection<>(threadState, CHECKPOINTS_PREFIX, Serdes.ByteArray());
    }

    private static final String CHECKPOINTS_PREFIX = "c/";

    /**
     * The thread-state store's key of a checkpoint ({@link StoreKeys#checkpoint}), or of a bound of a range of them:
     * for the interactive queries that read the store from outside the stream thread, without a section.
     */
    static String checkpointStoreKey(String checkpointKey) {
        return CHECKPOINTS_PREFIX + checkpointKey;
    }

    static StoreBuilder<KeyValueStore<String, String>> schedule() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SCHEDULE), Serdes.String(),
                Serdes.String()).withCachingDisabled();
    }

    static StoreBuilder<KeyValueStore<String, AssistantEntry>> assistants() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ASSISTANTS), Serdes.String(),
                new JsonSerde<>(AssistantEntry.class)).withCachingDisabled();
    }

    static StoreBuilder<KeyValueStore<String, CronEntry>> crons() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CRONS), Serdes.String(),
                new JsonSerde<>(CronEntry.class)).withCachingDisabled();
    }

    static StoreBuilder<KeyValueStore<String, StoreItemEntry>> storeItems() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE_ITEMS), Serdes.String(),
                new JsonSerde<>(StoreItemEntry.class)).withCachingDisabled();
    }

    static StoreBuilder<KeyValueStore<String, String>> storeExpiries() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE_EXPIRIES), Serdes.String(),
                Serdes.String()).withCachingDisabled();
    }
}
