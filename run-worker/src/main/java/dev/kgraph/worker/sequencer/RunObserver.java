package dev.kgraph.worker.sequencer;

import dev.kgraph.model.runs.RunStatus;

/**
 * Told of the sequencer's decisions, for metrics. Called on the partition's Streams thread: must be quick and must
 * not throw. A decision that Kafka Streams processes again (after a crash, or an aborted transaction under
 * exactly-once) is told again, so counts are "at least".
 */
public interface RunObserver {
    RunObserver NONE = new RunObserver() {
    };

    /** A run was accepted on a thread (queued, or started at once). */
    default void created(String graphId) {
    }

    /** A run reached a final state ({@code success}, {@code error}, {@code timeout}, {@code interrupted}). */
    default void finished(String graphId, RunStatus status) {
    }

    /** A run that ended asked for a webhook: its delivery was queued on {@code kgraph.webhooks}. */
    default void webhookEnqueued() {
    }

    /** The number of runs waiting in the queue of a thread of {@code partition} changed (0: none, or deleted). */
    default void queued(int partition, String threadId, int waiting) {
    }

    /** This worker no longer owns {@code partition}: forget its threads. */
    default void partitionClosed(int partition) {
    }
}
