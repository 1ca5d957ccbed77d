package dev.kgraph.worker.sequencer;

import dev.kgraph.model.runs.Run;

/**
 * Hands runs to the execution pool without waiting for them. Implementations must return immediately: the caller
 * is a Kafka Streams thread.
 */
public interface RunDispatcher {

    /**
     * Starts executing {@code dispatch.run()} when the pool has a free slot, and says whether it did. When it is
     * full nothing happens: the run stays {@code pending} in its thread's durable queue, and the writer offers it
     * again when {@link #hasCapacity()} says a slot is free. The pool never holds more runs than it executes.
     */
    boolean tryDispatch(Dispatch dispatch);

    /** Whether a {@link #tryDispatch} now would be taken; a hint, checked before re-offering waiting runs. */
    boolean hasCapacity();

    /**
     * Offers the next run of a thread to start as soon as the execution of {@code afterRunId} (dispatch
     * {@code afterDispatchId}: the thread's running run, or a successor offered before) ends, from that execution's
     * final state and in the slot it frees, without waiting for the writer to read its end report. A run queued on a
     * busy thread then starts within a millisecond of its predecessor's end instead of a round trip through Kafka
     * later. The execution starts it only if it ends {@code success} with nothing left to do, and says so in its
     * report ({@code RunFinished.successor}); the writer then confirms the run as started, or revokes it.
     *
     * <p>Returns whether the offer was taken: false when that execution has already ended (or is unknown), and by
     * default (a pool that does not chain runs). Must return at once.
     */
    default boolean offerSuccessor(String afterRunId, String afterDispatchId, Dispatch successor) {
        return false;
    }

    /**
     * Withdraws offered successors of a thread ({@code dispatchIds}): those not started are dropped, and one already
     * executing is stopped without reporting (its thread went another way: a run was cancelled, rolled back, or the
     * thread is being streamed). The writer dispatches the thread's next run the usual way instead.
     */
    default void revokeSuccessors(String threadId, java.util.Set<String> dispatchIds) {
    }

    /** Ask the local execution of a run to stop; it reports its end as usual. {@code action}: interrupt|rollback. */
    void cancel(String runId, String action);

    /** Someone joined the stream of a running run that was not streamed: its execution publishes from now on. */
    default void startStreaming(String runId) {
    }

    /** Stop, without reporting, every execution of threads in {@code partition}: another worker owns them now. */
    void abandonPartition(int partition);

    /**
     * @param partition the sequencer partition that owns the thread; used to abandon runs on reassignment
     * @param dispatchId stamped on every progress record of the execution: the writer applies only its last dispatch's
     * @param temporary a stateless run: no checkpoints are kept
     * @param newThread the decision that dispatches the run also created its thread, so the thread has no stored
     *     checkpoint: the execution need not look for one (a run on a new thread is the common high-volume case, and
     *     the lookup, an interactive query of the partition's store, was a quarter of an {@code echo} execution)
     */
    record Dispatch(Run run, String graphId, int attempt, String dispatchId, int partition, boolean temporary,
                    boolean newThread) {

        public Dispatch(Run run, String graphId, int attempt, String dispatchId, int partition, boolean temporary) {
            this(run, graphId, attempt, dispatchId, partition, temporary, false);
        }

        /** The dispatch of a run just {@link RunEntry#started started} ({@code started}) on {@code partition}. */
        static Dispatch of(RunEntry started, int partition, boolean newThread) {
            return new Dispatch(started.run(), started.graphId(), started.attempt(), started.dispatchId(), partition,
                    started.temporary(), newThread);
        }

        /** The same dispatch of {@code other}, the same run in another form (e.g. its kwargs an execution's own). */
        public Dispatch withRun(Run other) {
            return new Dispatch(other, graphId, attempt, dispatchId, partition, temporary, newThread);
        }
    }
}
