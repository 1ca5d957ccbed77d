package dev.kgraph.worker.sequencer;

import dev.kgraph.model.runs.Run;

/**
 * Hands runs to the execution pool without waiting for them. Implementations must return immediately: the caller
 * is a Kafka Streams thread.
 */
public interface RunDispatcher {

    /** Start executing {@code run} (attempt {@code attempt}) of graph {@code graphId}. */
    void dispatch(Dispatch dispatch);

    /** Ask the local execution of a run to stop; it reports its end as usual. {@code action}: interrupt|rollback. */
    void cancel(String runId, String action);

    /** Stop, without reporting, every execution of threads in {@code partition}: another worker owns them now. */
    void abandonPartition(int partition);

    /**
     * @param partition the sequencer partition that owns the thread; used to abandon runs on reassignment
     * @param temporary a stateless run: no checkpoints are kept
     */
    record Dispatch(Run run, String graphId, int attempt, int partition, boolean temporary) {
    }
}
