package dev.kgraph.worker.checkpoints;

import dev.kgraph.graph.CheckpointJson;
import dev.kgraph.graph.CheckpointSaver;
import dev.kgraph.graph.CheckpointTuple;
import dev.kgraph.graph.ListOptions;
import dev.kgraph.graph.PendingWrite;
import dev.kgraph.model.json.Json;
import dev.kgraph.model.progress.RunProgress;
import dev.kgraph.worker.execution.ProgressPublisher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The saver one run execution uses. Writes go to {@code kgraph.progress} stamped with the run's attempt and dispatch id (the
 * future completes when Kafka acknowledged them); reads see this run's own writes first, then what the sequencer stored.
 * One instance per execution: there is no lock shared between runs.
 */
public final class KafkaCheckpointSaver implements CheckpointSaver {
    private final String runId;
    private final int attempt;
    private final String dispatchId;
    private final ProgressPublisher progress;
    private final CheckpointSource stored;
    private final int partition;
    private final boolean awaitAcknowledgements;
    private final Map<String, CheckpointTuple> written = new ConcurrentHashMap<>();

    /**
     * @param partition the thread's partition, whose local store holds what the sequencer stored
     * @param awaitAcknowledgements true under {@code durability=sync}: each write completes when Kafka acknowledged it,
     *     so the runtime holds the next step until then. Otherwise writes complete at once: they, and the run's end
     *     reported after them, leave through one idempotent producer to one partition, so Kafka keeps them in order
     *     and a failed write fails the end report too (the run is then resumed by recovery); waiting for each
     *     acknowledgement before reporting the end would only add a round trip to every run.
     */
    public KafkaCheckpointSaver(String runId, int attempt, String dispatchId, ProgressPublisher progress,
                                CheckpointSource stored, int partition, boolean awaitAcknowledgements) {
        this.dispatchId = dispatchId;
        this.partition = partition;
        this.runId = runId;
        this.attempt = attempt;
        this.progress = progress;
        this.stored = stored;
        this.awaitAcknowledgements = awaitAcknowledgements;
    }

    @Override
    public Optional<CheckpointTuple> get(String threadId, String checkpointNs, String checkpointId) {
        if (checkpointId != null) {
            var own = written.get(key(threadId, checkpointNs, checkpointId));
            return own != null ? Optional.of(own)
                    : stored.read(partition, threadId, checkpointNs, checkpointId).map(CheckpointJson::fromBytes);
        }
        var ownLatest = written.values().stream()
                .filter(t -> t.threadId().equals(threadId) && t.checkpointNs().equals(checkpointNs))
                .max(Comparator.comparing(CheckpointTuple::checkpointId));
        return ownLatest.isPresent() ? ownLatest
                : stored.readLatest(partition, threadId, checkpointNs).map(CheckpointJson::fromBytes);
    }

    /** Only this run's own checkpoints: history reads are served by the sequencer, not during execution. */
    @Override
    public List<CheckpointTuple> list(String threadId, String checkpointNs, ListOptions options) {
        var own = new ArrayList<>(written.values().stream()
                .filter(t -> t.threadId().equals(threadId) && t.checkpointNs().equals(checkpointNs))
                .sorted(Comparator.comparing(CheckpointTuple::checkpointId).reversed())
                .toList());
        get(threadId, checkpointNs, null).filter(t -> own.isEmpty()).ifPresent(own::add);
        return own;
    }

    @Override
    public CompletableFuture<Void> put(CheckpointTuple tuple) {
        written.put(key(tuple.threadId(), tuple.checkpointNs(), tuple.checkpointId()), tuple);
        return publish(tuple);
    }

    @Override
    public CompletableFuture<Void> putWrites(String threadId, String checkpointNs, String checkpointId,
                                             List<PendingWrite> writes) {
        var base = get(threadId, checkpointNs, checkpointId).orElse(null);
        if (base == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "cannot attach writes to unknown checkpoint " + checkpointId + " of thread " + threadId));
        }
        var merged = new ArrayList<>(base.pendingWrites());
        merged.addAll(writes);
        var updated = base.withPendingWrites(List.copyOf(merged));
        written.put(key(threadId, checkpointNs, checkpointId), updated);
        return publish(updated);
    }

    private CompletableFuture<Void> publish(CheckpointTuple tuple) {
        var acknowledged = progress.send(new RunProgress.CheckpointSaved(tuple.threadId(), runId, attempt, dispatchId,
                tuple.checkpointNs(), tuple.checkpointId(), Json.tree(CheckpointJson.toTree(tuple))));
        return awaitAcknowledgements ? acknowledged : CompletableFuture.completedFuture(null);
    }

    private static String key(String threadId, String checkpointNs, String checkpointId) {
        return threadId + "/" + checkpointNs + "/" + checkpointId;
    }
}
