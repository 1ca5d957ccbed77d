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
    /** thread id → {@link ThreadEntry}. */
    public static final String THREADS = "threads";
    /**
     * thread id → the thread's values (JSON), when they are large: stored apart from its {@link ThreadEntry}, which
     * changes with every run queued on it while its values change once per run.
     */
    public static final String THREAD_VALUES = "thread-values";
    /** thread id/run id → {@link RunEntry}. */
    public static final String RUNS = "runs";
    /** thread id/namespace/checkpoint id → checkpoint JSON. */
    public static final String CHECKPOINTS = "checkpoints";
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
    public static final java.util.List<String> ALL = java.util.List.of(THREADS, THREAD_VALUES, RUNS, CHECKPOINTS,
            SCHEDULE, ASSISTANTS, CRONS, STORE_ITEMS, STORE_EXPIRIES);

    private SequencerStores() {
    }

    static StoreBuilder<KeyValueStore<String, ThreadEntry>> threads() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(THREADS), Serdes.String(),
                new JsonSerde<>(ThreadEntry.class)).withCachingDisabled();
    }

    static StoreBuilder<KeyValueStore<String, byte[]>> threadValues() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(THREAD_VALUES), Serdes.String(),
                Serdes.ByteArray()).withCachingDisabled();
    }

    static StoreBuilder<KeyValueStore<String, RunEntry>> runs() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RUNS), Serdes.String(),
                new JsonSerde<>(RunEntry.class)).withCachingDisabled();
    }

    static StoreBuilder<KeyValueStore<String, String>> schedule() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SCHEDULE), Serdes.String(),
                Serdes.String()).withCachingDisabled();
    }

    static StoreBuilder<KeyValueStore<String, byte[]>> checkpoints() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CHECKPOINTS), Serdes.String(),
                Serdes.ByteArray()).withCachingDisabled();
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
