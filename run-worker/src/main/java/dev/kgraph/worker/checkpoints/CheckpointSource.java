package dev.kgraph.worker.checkpoints;

import java.util.Optional;

/**
 * Reads checkpoints the sequencer has stored (locally, by interactive query), in the store of the thread's partition:
 * an execution runs where that partition is active. Naming the partition matters: a query over "every local store"
 * silently leaves out one that is briefly not queryable (just taken over), and would then find no checkpoint at all,
 * so a run would start from an empty thread; a query for the partition waits for it instead.
 */
public interface CheckpointSource {

    Optional<byte[]> read(int partition, String threadId, String checkpointNs, String checkpointId);

    Optional<byte[]> readLatest(int partition, String threadId, String checkpointNs);
}
