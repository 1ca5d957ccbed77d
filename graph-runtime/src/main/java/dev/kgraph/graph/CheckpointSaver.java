package dev.kgraph.graph;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Stores checkpoints per (thread, namespace). Implementations must be safe for concurrent use on different threads
 * without a global lock; one run issues its calls in order from one thread and may not wait for each future
 * (durability ASYNC), so an implementation must apply calls for a thread in the order they were made.
 */
public interface CheckpointSaver {

    /** The checkpoint with that id, or the latest when {@code checkpointIdOrNullForLatest} is null; with its pending writes. */
    Optional<CheckpointTuple> get(String threadId, String checkpointNs, String checkpointIdOrNullForLatest);

    /** Newest first. */
    List<CheckpointTuple> list(String threadId, String checkpointNs, ListOptions options);

    CompletableFuture<Void> put(CheckpointTuple tuple);

    /** Writes of a task (or run input) against an existing checkpoint; special channels replace an earlier write of the same task. */
    CompletableFuture<Void> putWrites(String threadId, String checkpointNs, String checkpointId, List<PendingWrite> writes);
}
