package dev.kgraph.graph;

import java.util.List;
import java.util.Map;

/**
 * How a run ended.
 *
 * @param values         the state values at the end (for INTERRUPTED/ERROR/CANCELLED: those of the last checkpoint
 *                       plus, for an interrupt, nothing of the interrupted step)
 * @param interrupts     dynamic interrupts raised (empty for static breakpoints)
 * @param error          null unless ERROR
 * @param next           nodes that will run when the thread is resumed
 * @param lastCheckpoint the thread's last checkpoint with the pending writes saved against it (interrupts, errors,
 *                       finished tasks of an interrupted step), so {@code StateSnapshots.ofLatest(lastCheckpoint)}
 *                       describes the thread without reading the saver; null when nothing was loaded or written
 */
public record RunResult(Status status, Map<String, Object> values, List<Interrupt> interrupts, ErrorInfo error,
                        List<String> next, CheckpointTuple lastCheckpoint) {

    /** Terminal status of a run. */
    public enum Status { DONE, INTERRUPTED, ERROR, CANCELLED }

    public boolean isDone() {
        return status == Status.DONE;
    }
}
