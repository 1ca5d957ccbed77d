package dev.kgraph.worker.execution;

import dev.kgraph.model.runs.RunStatus;

/**
 * Told of each execution that ended on this worker and reported its end (not one abandoned because its partition
 * moved, nor one cut by the worker's stop: those run again elsewhere), on the execution's thread; must be quick
 * (metrics).
 */
@FunctionalInterface
public interface ExecutionListener {
    ExecutionListener NONE = (graphId, status, nanos) -> { };

    /**
     * @param graphId the run's graph
     * @param status  how the execution ended ({@code success}, {@code error}, {@code timeout}, {@code interrupted})
     * @param nanos   how long it executed on this worker
     */
    void ended(String graphId, RunStatus status, long nanos);
}
