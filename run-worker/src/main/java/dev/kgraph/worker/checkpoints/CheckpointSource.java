package dev.kgraph.worker.checkpoints;

import java.util.Optional;

/** Reads checkpoints the sequencer has stored (locally, by interactive query). */
public interface CheckpointSource {

    Optional<byte[]> read(String threadId, String checkpointNs, String checkpointId);

    Optional<byte[]> readLatest(String threadId, String checkpointNs);
}
