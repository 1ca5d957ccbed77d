package dev.kgraph.worker.sequencer;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the sequencer needs to know about stored checkpoints, which it keeps as opaque bytes. Implemented with the
 * graph runtime, which makes checkpoints self-describing: no graph code is needed to answer a state read.
 */
public interface StateReader {

    /** Reads a stored record (null if none). */
    @FunctionalInterface
    interface Stored {
        byte[] get(String threadId, String checkpointNs, String checkpointId);
    }

    /**
     * The whole checkpoint of a stored record ({@code stored} itself when it is whole). A record may hold a growing
     * list as the entries appended to an earlier checkpoint's (its base, read through {@code lookup}); every other
     * method here except {@link #runIdOf} takes whole checkpoints.
     */
    byte[] whole(byte[] stored, Stored lookup);

    /** The ids of the checkpoints a stored record continues (empty when it is whole). */
    java.util.Set<String> basesOf(byte[] stored);

    /** A history item in API shape ({@code values, next, tasks, metadata, created_at, checkpoint, ...}). */
    Map<String, Object> snapshot(byte[] checkpoint);

    /** The thread's current state ({@code GET /threads/{id}/state}) when this is its latest checkpoint. */
    Map<String, Object> currentSnapshot(byte[] checkpoint);

    /** The state of a thread that has no checkpoint yet. */
    Map<String, Object> emptySnapshot();

    /** Whether the checkpoint's metadata contains every key/value of {@code filter}. */
    boolean metadataMatches(byte[] checkpoint, Map<String, Object> filter);

    /** The id of the run that wrote the checkpoint ({@code metadata.run_id}), or null; of a stored record too. */
    String runIdOf(byte[] checkpoint);

    /** The thread-level view of a checkpoint: its values, and whether tasks remain ({@code next}). */
    ThreadState threadStateOf(byte[] checkpoint);

    /** The same checkpoint as stored for another thread (a thread copy). */
    byte[] forThread(byte[] checkpoint, String threadId);

    /** The checkpoint tree as carried on {@code kgraph.progress}, stored as bytes. */
    byte[] toBytes(JsonNode checkpoint);

    /** What a thread shows of its latest checkpoint. */
    record ThreadState(Map<String, Object> values, boolean hasNext, Map<String, java.util.List<Object>> interrupts) {
    }
}
