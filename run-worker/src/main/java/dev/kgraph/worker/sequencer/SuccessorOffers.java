package dev.kgraph.worker.sequencer;

import dev.kgraph.model.runs.RunStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;

/**
 * The runs of busy threads' queues offered to the execution of each thread's running run as successors
 * ({@link RunDispatcher#offerSuccessor}): an execution that ends well starts its successor at once, from the state it
 * ends with, instead of waiting for the writer to read its end and dispatch the next run (architecture.md §2, "Queued
 * runs follow each other at once"). Per thread, in queue order, each with the dispatch it will have if confirmed.
 *
 * <p>Kept in memory only: nothing is decided until a run's end names its successor, and a new owner of the partition
 * starts with none (the executions went with the old one). Used by {@link RunLifecycle} on the partition's stream
 * thread.
 */
final class SuccessorOffers {
    /**
     * How many runs of one thread are offered ahead at most: enough to cover the time the writer takes to read a
     * run's end (a few milliseconds) with runs of about a millisecond each.
     */
    static final int MAX_OFFERED = 16;

    private final SequencerState state;
    private final RunDispatcher dispatcher;
    private final Map<String, ArrayList<RunDispatcher.Dispatch>> offered = new HashMap<>();

    SuccessorOffers(SequencerState state, RunDispatcher dispatcher) {
        this.state = state;
        this.dispatcher = dispatcher;
    }

    /**
     * {@code pending} as started by the successor execution {@code handedTo}, when that is the first run its thread
     * offered, it is {@code pending}, and it still starts unstreamed, as offered (a run streamed since, or on a thread
     * streamed since, must start the usual way); otherwise null, after revoking every offer of the thread and
     * {@code handedTo}.
     */
    RunEntry confirm(RunEntry pending, String handedTo) {
        var threadId = pending.run().threadId();
        var chain = offered.get(threadId);
        if (handedTo != null && chain != null) {
            var first = chain.getFirst();
            if (first.dispatchId().equals(handedTo) && first.run().runId().equals(pending.run().runId())
                    && !pending.isStreamed()) { // streamed runs are never offered
                chain.removeFirst();
                if (chain.isEmpty()) {
                    offered.remove(threadId);
                }
                return pending.startedAs(first.attempt(), first.dispatchId(), state.now());
            }
        }
        revoke(threadId, handedTo);
        return null;
    }

    /**
     * Offers the thread's next due runs to follow {@code active}, its running run, as successors, in queue order,
     * after those offered already ({@link #MAX_OFFERED} at most). Not after a run being cancelled, and not a run
     * someone streams, nor while someone streams the whole thread: such runs start the usual way, so that no
     * execution that may yet be revoked publishes stream events.
     */
    void offer(ThreadEntry thread, RunEntry active) {
        if (active.status() != RunStatus.RUNNING || active.cancelAction() != null || active.temporary()
                || active.dispatchId() == null || thread.queue().isEmpty()) {
            return;
        }
        var threadId = thread.threadId();
        var queue = thread.queue();
        var chain = offered.get(threadId);
        if (chain != null) {
            for (int i = 0; i < chain.size(); i++) { // the offers must still be the queue's first runs, in order
                if (i >= queue.size() || !queue.get(i).equals(chain.get(i).run().runId())) {
                    revoke(threadId, null);
                    chain = null;
                    break;
                }
            }
        }
        int from = chain == null ? 0 : chain.size();
        if (from >= Math.min(queue.size(), MAX_OFFERED)) {
            return;
        }
        var now = state.instant();
        if (thread.streamedAt(now)) {
            return;
        }
        var afterRunId = chain == null ? active.run().runId() : chain.getLast().run().runId();
        var afterDispatchId = chain == null ? active.dispatchId() : chain.getLast().dispatchId();
        for (int i = from; i < queue.size() && i < MAX_OFFERED; i++) {
            var pending = state.run(threadId, queue.get(i));
            if (pending == null || pending.status() != RunStatus.PENDING || !pending.isDue(now)
                    || pending.temporary() || pending.isStreamed()) {
                return; // a streamed run starts the usual way: a revoked execution's events would reach its stream
            }
            var successor = RunDispatcher.Dispatch.of(pending.started(state.now()), state.partition(), false);
            if (!dispatcher.offerSuccessor(afterRunId, afterDispatchId, successor)) {
                return;
            }
            if (chain == null) {
                chain = new ArrayList<>();
                offered.put(threadId, chain);
            }
            chain.add(successor);
            afterRunId = successor.run().runId();
            afterDispatchId = successor.dispatchId();
        }
    }

    /** Withdraws every run offered to follow the thread's running run, and {@code alsoRevoke} (a dispatch id). */
    void revoke(String threadId, String alsoRevoke) {
        var chain = offered.remove(threadId);
        if (chain == null && alsoRevoke == null) {
            return;
        }
        var ids = new HashSet<String>();
        if (chain != null) {
            chain.forEach(successor -> ids.add(successor.dispatchId()));
        }
        if (alsoRevoke != null) {
            ids.add(alsoRevoke);
        }
        dispatcher.revokeSuccessors(threadId, ids);
    }
}
