package dev.kgraph.graph;

import java.util.List;

/**
 * A stored checkpoint with everything needed to describe it without the graph: metadata, parent, pending writes and
 * the tasks planned from it ({@code next}). See {@link StateSnapshots#of(CheckpointTuple)}.
 */
public record CheckpointTuple(String threadId, String checkpointNs, Checkpoint checkpoint, CheckpointMetadata metadata,
                              String parentCheckpointId, List<PendingWrite> pendingWrites, List<TaskPlan> next) {

    public CheckpointTuple {
        checkpointNs = checkpointNs == null ? "" : checkpointNs;
        pendingWrites = pendingWrites == null ? List.of() : pendingWrites;
        next = next == null ? List.of() : next;
    }

    public String checkpointId() {
        return checkpoint.id();
    }

    public CheckpointTuple withPendingWrites(List<PendingWrite> writes) {
        return new CheckpointTuple(threadId, checkpointNs, checkpoint, metadata, parentCheckpointId, writes, next);
    }
}
