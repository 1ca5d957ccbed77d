package dev.kgraph.worker.checkpoints;

import dev.kgraph.graph.CheckpointDeltas;
import dev.kgraph.graph.CheckpointSaver;
import dev.kgraph.graph.CheckpointTuple;
import dev.kgraph.graph.ListOptions;
import dev.kgraph.graph.PendingWrite;
import dev.kgraph.model.json.Json;
import dev.kgraph.model.progress.RunProgress;
import dev.kgraph.worker.execution.ProgressPublisher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The saver one run execution uses. Writes go to {@code kgraph.progress} stamped with the run's attempt and dispatch id;
 * reads see this run's own writes first, then what the sequencer stored. One instance per execution: there is no lock
 * shared between runs.
 *
 * <p>Under {@code durability=sync} every write is sent at once and completes when Kafka acknowledged it. Under
 * {@code async} and {@code exit} writes are held back for {@code holdBack} (each checkpoint at its latest version:
 * a step's pending writes replace the checkpoint they belong to) and then sent; a run that ends sooner, as most short
 * runs do, reports them with its end in one record ({@link #finish}). A one-step run thus costs one progress record
 * instead of six (three checkpoints, two writes and the end), each re-sending the whole state. What is held back is
 * lost if the worker dies meanwhile, which {@code async} allows: the next attempt continues from the latest checkpoint
 * that reached Kafka, or from the input.
 *
 * <p>A checkpoint whose growing lists continue its parent's is sent, and stored, as what was appended to them
 * ({@link CheckpointDeltas}): a long chat's checkpoints then cost the new messages, not the whole conversation.
 */
public final class KafkaCheckpointSaver implements CheckpointSaver {
    private final String runId;
    private final int attempt;
    private final String dispatchId;
    private final ProgressPublisher progress;
    private final CheckpointSource stored;
    private final int partition;
    private final boolean awaitAcknowledgements;
    private final java.time.Duration holdBack;
    private final ScheduledExecutorService timer;
    private final Map<String, CheckpointTuple> written = new ConcurrentHashMap<>();
    /**
     * The stored latest checkpoint per namespace, read once: while this run executes nothing else writes its thread's
     * checkpoints (the thread's writer dispatches one run at a time), and its own writes are in {@link #written}.
     * The runtime asks for it twice per execution (the executor's "did this run execute before?", then the graph's
     * load), each an interactive query of the partition's store.
     */
    private final Map<String, Optional<CheckpointTuple>> storedLatest = new ConcurrentHashMap<>();
    /**
     * How each checkpoint this run knows is (or will be) stored: which of its channels continue a base's list. Its
     * own checkpoints continue their parent's bases (or the parent), so a base is always stored before what
     * continues it: stored already, or sent earlier by this run (held-back checkpoints leave in the order made).
     */
    private final Map<String, Map<String, CheckpointDeltas.Base>> storedAs = new ConcurrentHashMap<>();
    /** Stored sizes of checkpoints, by key, where known: what {@link LatestCheckpoints} is bounded by. */
    private final Map<String, LatestCheckpoints.Sizes> sizes = new ConcurrentHashMap<>();
    private volatile LatestCheckpoints latestCheckpoints;
    private volatile boolean nothingStored;
    /** Writes not sent yet, by checkpoint key, in the order they were first made; guarded by {@code this}. */
    private final Map<String, CheckpointTuple> heldBack = new LinkedHashMap<>();
    private ScheduledFuture<?> scheduledSend;
    /**
     * A successor's gate ({@link #reportingAfter}): its predecessor's end report, which every record of this run must
     * follow on the topic; null once passed. Guarded by {@code this}, as is {@link #lastHeldAtGate}, the last record
     * sent through the gate while it was closed (later ones follow it).
     */
    private CompletableFuture<Void> predecessorReported;
    private CompletableFuture<Void> lastHeldAtGate;
    /** See {@link #endHandedOver()}; guarded by {@code this}. */
    private CompletableFuture<Void> endHandedOver;

    /**
     * @param partition the thread's partition, whose local store holds what the sequencer stored
     * @param awaitAcknowledgements true under {@code durability=sync}: each write is sent at once and completes when
     *     Kafka acknowledged it, so the runtime holds the next step until then. Otherwise writes complete at once and
     *     are held back (see the class comment): they, and the run's end reported after them, leave through one
     *     idempotent producer to one partition, so Kafka keeps them in order and a failed write fails the end report
     *     too (the run is then resumed by recovery)
     * @param holdBack how long writes are held back when not awaited
     * @param timer sends what was held back for {@code holdBack}
     */
    public KafkaCheckpointSaver(String runId, int attempt, String dispatchId, ProgressPublisher progress,
                                CheckpointSource stored, int partition, boolean awaitAcknowledgements,
                                java.time.Duration holdBack, ScheduledExecutorService timer) {
        this.holdBack = holdBack;
        this.timer = timer;
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
            if (own != null) {
                return Optional.of(own);
            }
            var latest = storedLatest.get(threadId + "/" + checkpointNs);
            if (latest != null && latest.isPresent() && latest.get().checkpointId().equals(checkpointId)) {
                return latest;
            }
            return nothingStored ? Optional.empty()
                    : stored.read(partition, threadId, checkpointNs, checkpointId).map(this::readStored);
        }
        var ownLatest = written.values().stream()
                .filter(t -> t.threadId().equals(threadId) && t.checkpointNs().equals(checkpointNs))
                .max(Comparator.comparing(CheckpointTuple::checkpointId));
        return ownLatest.isPresent() ? ownLatest : storedLatest(threadId, checkpointNs);
    }

    /**
     * A stored checkpoint, whole: its appended channels are read from their bases (see {@link CheckpointDeltas}),
     * and how it was stored is remembered, so a checkpoint made from it can continue the same bases.
     */
    private CheckpointTuple readStored(byte[] bytes) {
        var record = CheckpointDeltas.read(bytes);
        var baseBytes = new long[1];
        var tuple = CheckpointDeltas.resolve(record, (threadId, checkpointNs, checkpointId) -> {
            var base = stored.read(partition, threadId, checkpointNs, checkpointId).orElse(null);
            baseBytes[0] += base == null ? 0 : base.length;
            return base;
        });
        var key = key(tuple.threadId(), tuple.checkpointNs(), tuple.checkpointId());
        storedAs.put(key, record.bases());
        sizes.put(key, new LatestCheckpoints.Sizes(bytes.length, baseBytes[0]));
        return tuple;
    }

    /** The stored latest record of a namespace, whole: from {@link LatestCheckpoints} when it is what was left there. */
    private CheckpointTuple readLatest(String threadId, String checkpointNs, byte[] bytes) {
        var cache = latestCheckpoints;
        var hit = cache == null ? null : cache.match(threadId, checkpointNs, bytes);
        if (hit == null) {
            return readStored(bytes);
        }
        var key = key(threadId, checkpointNs, hit.whole().checkpointId());
        storedAs.put(key, hit.bases());
        sizes.put(key, hit.sizes());
        return hit.whole();
    }

    /** Takes the thread's latest checkpoint from {@code cache} when it is what the store holds, and leaves it there. */
    public KafkaCheckpointSaver withLatestCheckpoints(LatestCheckpoints cache) {
        this.latestCheckpoints = cache;
        return this;
    }

    /**
     * The thread has no stored checkpoint (the decision that dispatched the run created it): reads of stored
     * checkpoints answer empty without querying the store.
     */
    public KafkaCheckpointSaver withNothingStored() {
        nothingStored = true;
        return this;
    }

    /**
     * What a run started from this execution's final state needs (see {@code RunDispatcher#offerSuccessor}): the
     * thread's latest checkpoint as this run left it, and how the writer stores it. Empty when the run wrote no
     * checkpoint, or wrote some outside the root namespace (a subgraph's, which a successor would otherwise read from
     * the store before the writer has them): such a thread's next run starts the usual way.
     */
    public Optional<Continuation> continuation() {
        CheckpointTuple latest = null;
        for (var tuple : written.values()) {
            if (!tuple.checkpointNs().isEmpty()) {
                return Optional.empty();
            }
            if (latest == null || tuple.checkpointId().compareTo(latest.checkpointId()) > 0) {
                latest = tuple;
            }
        }
        if (latest == null) {
            return Optional.empty();
        }
        var key = key(latest.threadId(), latest.checkpointNs(), latest.checkpointId());
        return Optional.of(new Continuation(latest, storedAs(latest), () -> sizes.get(key)));
    }

    /**
     * A thread's latest checkpoint as the run that wrote it left it, before the writer has stored it: the checkpoint
     * whole, which of its lists continue a base's ({@link CheckpointDeltas}), and its stored size, known once the
     * run's end has been encoded ({@link #finish}): the successor is chosen before that, since the end report names
     * it, and starts after. Without the size the successor's checkpoints could not be left in
     * {@link LatestCheckpoints}, and the thread's next run dispatched the usual way would decode its latest checkpoint
     * from the store.
     */
    public record Continuation(CheckpointTuple latest, Map<String, CheckpointDeltas.Base> bases,
                               java.util.function.Supplier<LatestCheckpoints.Sizes> sizes) {
    }

    /**
     * This run continues {@code previous}, its predecessor's final state, which the writer has not stored yet: reads
     * of the thread's latest checkpoint answer it, and its lists continue the same bases.
     */
    public KafkaCheckpointSaver continuing(Continuation previous) {
        var latest = previous.latest();
        var key = key(latest.threadId(), latest.checkpointNs(), latest.checkpointId());
        storedLatest.put(latest.threadId() + "/" + latest.checkpointNs(), Optional.of(latest));
        storedAs.put(key, previous.bases());
        var known = previous.sizes().get();
        if (known != null) {
            sizes.put(key, known);
        }
        return this;
    }

    /**
     * Every record of this run leaves after {@code predecessorReport} completes: the end report of the run it
     * continues is then in the producer's hands ({@link #endHandedOver()}), and one producer keeps records of one
     * thread in the order given. The writer must read that end before anything of this run (it confirms this run as
     * started there). Normally the predecessor's end was handed over before this run started and nothing waits; an
     * end too large for one record leaves later, apart, and this run's records wait for it. When that report failed,
     * nothing of this run is sent: the run was never confirmed, and the thread's next owner starts it again.
     */
    public synchronized KafkaCheckpointSaver reportingAfter(CompletableFuture<Void> predecessorReport) {
        this.predecessorReported = predecessorReport;
        return this;
    }

    /** Sends one record of this run, behind its predecessor's end report when there is one to wait for. */
    private CompletableFuture<Void> report(RunProgress record) {
        synchronized (this) {
            var gate = predecessorReported;
            if (gate != null) {
                if (gate.isCompletedExceptionally()) {
                    return CompletableFuture.failedFuture(new IllegalStateException("run " + runId
                            + " continues a run whose end could not be reported; it is not reported either"));
                }
                if (!gate.isDone() || lastHeldAtGate != null && !lastHeldAtGate.isDone()) {
                    var after = lastHeldAtGate == null ? gate
                            : gate.thenCombine(lastHeldAtGate.handle((ok, error) -> null), (a, b) -> (Void) null);
                    // on the timer's thread: a send may wait for buffer space, which the producer's own thread frees
                    var sent = after.thenComposeAsync(passed -> progress.send(record), timer);
                    lastHeldAtGate = sent;
                    return sent;
                }
                predecessorReported = null;
                lastHeldAtGate = null;
            }
        }
        return progress.send(record);
    }

    private Optional<CheckpointTuple> storedLatest(String threadId, String checkpointNs) {
        if (nothingStored) {
            return Optional.empty();
        }
        return storedLatest.computeIfAbsent(threadId + "/" + checkpointNs,
                key -> stored.readLatest(partition, threadId, checkpointNs)
                        .map(bytes -> readLatest(threadId, checkpointNs, bytes)));
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
        var key = key(tuple.threadId(), tuple.checkpointNs(), tuple.checkpointId());
        var parent = tuple.parentCheckpointId() == null ? null
                : get(tuple.threadId(), tuple.checkpointNs(), tuple.parentCheckpointId()).orElse(null);
        storedAs.put(key, parent == null ? Map.of() : CheckpointDeltas.plan(tuple, parent, storedAs(parent)));
        written.put(key, tuple);
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
        if (awaitAcknowledgements) {
            return send(tuple);
        }
        synchronized (this) {
            heldBack.put(key(tuple.threadId(), tuple.checkpointNs(), tuple.checkpointId()), tuple);
            if (scheduledSend == null) {
                scheduledSend = timer.schedule(this::sendHeldBack, holdBack.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Sends what was held back (on the timer's thread: a run still executing after {@code holdBack}). */
    private synchronized void sendHeldBack() {
        scheduledSend = null;
        heldBack.values().forEach(this::send);
        heldBack.clear();
    }

    /**
     * Reports the end of the execution, with the checkpoints still held back. Called once, after the graph returned;
     * under the same lock as the timer's sends, so the end always follows them on the topic.
     */
    public synchronized CompletableFuture<Void> finish(java.util.function.Function<List<RunProgress.SavedCheckpoint>,
            RunProgress.RunFinished> end) {
        if (scheduledSend != null) {
            scheduledSend.cancel(false);
            scheduledSend = null;
        }
        var held = List.copyOf(heldBack.values());
        heldBack.clear();
        var saved = new ArrayList<RunProgress.SavedCheckpoint>(held.size());
        for (var tuple : held) {
            var bytes = CheckpointDeltas.toBytes(tuple, storedAs(tuple));
            saved.add(new RunProgress.SavedCheckpoint(tuple.checkpointNs(), tuple.checkpointId(),
                    dev.kgraph.model.json.RawJson.of(bytes)));
            rememberIfLatest(tuple, bytes);
        }
        var first = report(end.apply(saved));
        // the producer refuses a record too large at once, before taking it: the end then leaves later, apart; and
        // the end of a successor whose predecessor's end has not left yet waits behind it
        boolean leavesLater = first.isCompletedExceptionally() || first == lastHeldAtGate;
        var sent = first.exceptionallyCompose(error ->
                held.isEmpty() || !ProgressPublisher.tooLarge(error) ? CompletableFuture.failedFuture(error)
                        : sendApart(held, end));
        endHandedOver = leavesLater ? sent : CompletableFuture.completedFuture(null);
        return sent;
    }

    /**
     * Completes once the end report is in the producer's hands (at once, normally; an end sent apart when it has
     * been acknowledged), or exceptionally when it could not be sent: what a successor's records must wait for to
     * follow it on the topic ({@link #reportingAfter}). Valid after {@link #finish}.
     */
    public synchronized CompletableFuture<Void> endHandedOver() {
        return endHandedOver;
    }

    /**
     * Leaves the thread's latest checkpoint in {@link LatestCheckpoints} with the bytes the writer will store for it
     * (it stores a reported end's checkpoints as sent): the thread's next run then need not decode it.
     */
    private void rememberIfLatest(CheckpointTuple tuple, byte[] bytes) {
        var cache = latestCheckpoints;
        if (cache == null) {
            return;
        }
        var key = key(tuple.threadId(), tuple.checkpointNs(), tuple.checkpointId());
        var bases = storedAs(tuple);
        long baseBytes = 0;
        if (!bases.isEmpty()) { // a delta: its bases are its parent, or its parent's bases
            var parent = tuple.parentCheckpointId() == null ? null
                    : sizes.get(key(tuple.threadId(), tuple.checkpointNs(), tuple.parentCheckpointId()));
            if (parent == null) {
                cache.forget(tuple.threadId(), tuple.checkpointNs());
                return;
            }
            for (var base : bases.values()) {
                baseBytes = Math.max(baseBytes, base.checkpointId().equals(tuple.parentCheckpointId())
                        ? parent.record() : parent.bases());
            }
        }
        var size = new LatestCheckpoints.Sizes(bytes.length, baseBytes);
        sizes.put(key, size);
        boolean latest = written.values().stream().noneMatch(t -> t.threadId().equals(tuple.threadId())
                && t.checkpointNs().equals(tuple.checkpointNs()) && t.checkpointId().compareTo(tuple.checkpointId()) > 0);
        if (latest) {
            cache.remember(tuple, bytes, bases, size);
        }
    }

    /**
     * The end report with its checkpoints was larger than a Kafka record takes (it holds the state about four times):
     * the checkpoints go one record each, as a run that outlives the hold-back sends them, and the end follows once
     * they are all acknowledged (an end stored without one of them would leave the thread's values ahead of its
     * checkpoints). Each send runs on the timer's thread, never the producer's: a send may wait for buffer space.
     */
    private CompletableFuture<Void> sendApart(List<CheckpointTuple> held,
            java.util.function.Function<List<RunProgress.SavedCheckpoint>, RunProgress.RunFinished> end) {
        var sent = CompletableFuture.<Void>completedFuture(null);
        for (var tuple : held) {
            sent = sent.thenComposeAsync(previous -> send(tuple), timer);
        }
        return sent.thenComposeAsync(checkpoints -> report(end.apply(List.of())), timer);
    }

    /** Drops what is held back: the execution's end will not be reported (abandoned, or the worker is stopping). */
    public synchronized void discard() {
        if (scheduledSend != null) {
            scheduledSend.cancel(false);
            scheduledSend = null;
        }
        heldBack.clear();
    }

    private CompletableFuture<Void> send(CheckpointTuple tuple) {
        return report(new RunProgress.CheckpointSaved(tuple.threadId(), runId, attempt, dispatchId,
                tuple.checkpointNs(), tuple.checkpointId(), Json.tree(CheckpointDeltas.toTree(tuple, storedAs(tuple)))));
    }

    private Map<String, CheckpointDeltas.Base> storedAs(CheckpointTuple tuple) {
        return storedAs.getOrDefault(key(tuple.threadId(), tuple.checkpointNs(), tuple.checkpointId()), Map.of());
    }

    private static String key(String threadId, String checkpointNs, String checkpointId) {
        return threadId + "/" + checkpointNs + "/" + checkpointId;
    }
}
