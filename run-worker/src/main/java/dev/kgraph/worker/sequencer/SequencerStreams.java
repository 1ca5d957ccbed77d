package dev.kgraph.worker.sequencer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the sequencer topology. Closing leaves the consumer group at once, so a restarted or replacing worker gets the
 * partitions without waiting for a session timeout.
 */
public final class SequencerStreams implements SmartLifecycle {
    /** Between Spring Boot's {@code WebServerGracefulShutdownLifecycle} (default - 1024) and its web server (- 2048). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;

    private static final Logger log = LoggerFactory.getLogger(SequencerStreams.class);

    private final java.util.function.Supplier<Topology> topology;
    private final Properties properties;
    private final SequencerWakeUps wakeUps;
    private volatile KafkaStreams streams;
    private final java.util.List<KafkaStreams.StateListener> stateListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<java.util.function.Consumer<KafkaStreams>> onCreated =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<Runnable> onStopped = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The topology is built at start, once the execution pool it dispatches to exists. */
    public SequencerStreams(java.util.function.Supplier<Topology> topology, Properties properties) {
        this(topology, properties, new SequencerWakeUps());
    }

    /**
     * @param wakeUps the same instance the topology's sequencers report to: the stream threads' main consumers read
     *     it to sleep while nothing is due ({@link PacedConsumer})
     */
    public SequencerStreams(java.util.function.Supplier<Topology> topology, Properties properties,
                            SequencerWakeUps wakeUps) {
        this.topology = topology;
        this.properties = properties;
        this.wakeUps = wakeUps;
    }

    /**
     * Starts Kafka Streams. If the previous process on this state directory did not stop cleanly (killed, crashed),
     * the local stores are wiped first and rebuilt from the changelogs. Under at-least-once processing the local
     * RocksDB may hold writes that never reached their changelogs (the process died with them in the producer's
     * buffer); kept, they would make this worker disagree with every other copy, and a replayed decision would find
     * "its" run locally and never write it to the changelog again. Exactly-once wipes such state by itself.
     */
    @Override
    public void start() {
        var marker = uncleanStopMarker();
        streams = new KafkaStreams(topology.get(), properties, new PacedConsumer.Supplier(wakeUps));
        if (Files.exists(marker)) {
            log.warn("the previous worker on {} did not stop cleanly; its local stores are rebuilt from the changelogs",
                    marker.getParent());
            streams.cleanUp();
        }
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "kgraph worker running since " + java.time.Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker, e);
        }
        var created = streams;
        created.setStateListener((next, previous) -> stateListeners.forEach(l -> l.onChange(next, previous)));
        onCreated.forEach(hook -> hook.accept(created));
        streams.setUncaughtExceptionHandler(error -> {
            log.error("sequencer stream thread failed; replacing it", error);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        streams.start();
    }

    @Override
    public void stop() {
        var running = streams;
        if (running != null) {
            boolean clean = running.close(CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(10)));
            streams = null;
            onStopped.forEach(Runnable::run);
            if (clean) {
                try {
                    Files.deleteIfExists(uncleanStopMarker());
                } catch (IOException e) {
                    log.warn("cannot delete {}; the next start rebuilds the stores", uncleanStopMarker(), e);
                }
            }
        }
    }

    /** Told of every state change of Kafka Streams (on Streams' threads); add before {@link #start()}. */
    public void addStateListener(KafkaStreams.StateListener listener) {
        stateListeners.add(listener);
    }

    /**
     * Called with each new {@link KafkaStreams} before it starts (e.g. to bind its metrics), and {@code stopped}
     * once it has been closed.
     */
    public void onLifecycle(java.util.function.Consumer<KafkaStreams> created, Runnable stopped) {
        onCreated.add(created);
        onStopped.add(stopped);
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /**
     * {@link #PHASE}: stopped after the web server's graceful shutdown and before the server itself. In the standalone
     * server (gateway and worker in one context) the calls still waiting for a run's end are then answered before the
     * sequencer that decides those ends stops; at Spring's default phase it stopped first, and every waiting
     * {@code runs/wait} hung until the graceful shutdown gave up on it.
     */
    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Present while a worker runs on the state directory; left behind by one that did not stop cleanly. */
    private Path uncleanStopMarker() {
        return Path.of(properties.getProperty(StreamsConfig.STATE_DIR_CONFIG),
                properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + ".running");
    }

    /** Whether Kafka Streams is shutting down (or has stopped or failed): its local stores are going away. */
    public boolean isStopping() {
        var running = streams;
        if (running == null) {
            return true;
        }
        var state = running.state();
        return state == KafkaStreams.State.PENDING_SHUTDOWN || state == KafkaStreams.State.NOT_RUNNING
                || state == KafkaStreams.State.PENDING_ERROR || state == KafkaStreams.State.ERROR;
    }

    /** The Streams state, for health checks and tests. */
    public Optional<KafkaStreams.State> state() {
        return Optional.ofNullable(streams).map(KafkaStreams::state);
    }

    /**
     * Reads a checkpoint from the local store of {@code partition} (interactive query). Only partitions this worker
     * owns are local, which is exactly where its executions run. Empty when the checkpoint is unknown.
     */
    public Optional<byte[]> readCheckpoint(int partition, String key) {
        return query(partition, store -> Optional.ofNullable(store.get(SequencerStores.checkpointStoreKey(key))));
    }

    /** The newest checkpoint of a thread's namespace, by interactive query of its partition's store. */
    public Optional<byte[]> readLatestCheckpoint(int partition, String threadId, String checkpointNs) {
        return query(partition, store -> {
            try (var it = store.reverseRange(
                    SequencerStores.checkpointStoreKey(StoreKeys.checkpointsFrom(threadId, checkpointNs)),
                    SequencerStores.checkpointStoreKey(StoreKeys.checkpointsTo(threadId, checkpointNs)))) {
                return it.hasNext() ? Optional.of(it.next().value) : Optional.empty();
            }
        });
    }

    /**
     * Runs an interactive query on the local thread-state store (its checkpoints' section) of one partition. While
     * Streams rebalances or takes a partition over, its store is briefly not queryable; an execution only runs where
     * its partition is active, so it waits (bounded) rather than reading nothing, which would make a run start from an
     * empty thread. The partition is named on purpose: a query over all local stores leaves out the ones not queryable
     * yet without failing.
     */
    private Optional<byte[]> query(int partition, java.util.function.Function<ReadOnlyKeyValueStore<String, byte[]>,
            Optional<byte[]>> read) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                        SequencerStores.THREAD_STATE, QueryableStoreTypes.<String, byte[]>keyValueStore())
                        .withPartition(partition));
                return read.apply(store);
            } catch (InvalidStateStoreException migrating) {
                if (System.nanoTime() > deadline || streams == null) {
                    throw migrating;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        }
    }

    public static String checkpointKey(String threadId, String checkpointNs, String checkpointId) {
        return StoreKeys.checkpoint(threadId, checkpointNs, checkpointId);
    }
}
