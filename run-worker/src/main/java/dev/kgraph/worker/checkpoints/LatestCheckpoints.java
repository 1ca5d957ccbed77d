package dev.kgraph.worker.checkpoints;

import dev.kgraph.graph.CheckpointDeltas;
import dev.kgraph.graph.CheckpointTuple;
import java.util.Arrays;
import java.util.Map;

/**
 * The latest checkpoint of the threads this worker ran most recently, decoded, with the bytes it was stored as.
 *
 * <p>A thread's next run starts from its latest stored checkpoint; decoding it costs in proportion to the thread's
 * state (a long chat's every message), on every run. An execution that reported its end with its checkpoints knows
 * the bytes the writer stores for the last of them (it stores them as sent), so the next execution on the thread
 * reads the stored latest record and, when it is byte for byte the one remembered, takes the decoded checkpoint from
 * here. A checkpoint id always names the same channel values (a rollback deletes, a new run makes new ids), so equal
 * bytes of the latest record are the same checkpoint; anything else (another worker ran the thread meanwhile, a state
 * update, a rollback) misses and is read from the store. Bounded by entries and by the size of the checkpoints as
 * stored whole; thread-safe.
 */
public final class LatestCheckpoints {
    private final SizedLru<Entry> entries;

    /** A latest checkpoint: its record as stored, the checkpoint whole, and its bases ({@link CheckpointDeltas}). */
    record Entry(byte[] stored, CheckpointTuple whole, Map<String, CheckpointDeltas.Base> bases, Sizes sizes) {
    }

    /**
     * A checkpoint's size as stored: its record's bytes, and the bytes of the records whose lists it continues (the
     * largest base's, when it continues several); together about its size stored whole.
     */
    public record Sizes(long record, long bases) {
        long whole() {
            return record + bases;
        }
    }

    /**
     * @param maxEntries threads remembered at most
     * @param maxBytes   the sum of their checkpoints' sizes as stored whole, at most (decoded they take a few times
     *                   that on the heap); a checkpoint over a quarter of it is not remembered
     */
    public LatestCheckpoints(int maxEntries, long maxBytes) {
        this.entries = new SizedLru<>(maxEntries, maxBytes);
    }

    /** The remembered checkpoint of the thread's namespace if {@code stored} is its record, byte for byte. */
    Entry match(String threadId, String checkpointNs, byte[] stored) {
        var entry = entries.get(key(threadId, checkpointNs));
        return entry != null && Arrays.equals(entry.stored(), stored) ? entry : null;
    }

    /** Remembers the thread's latest checkpoint (replacing what was remembered for its namespace). */
    void remember(CheckpointTuple whole, byte[] stored, Map<String, CheckpointDeltas.Base> bases, Sizes sizes) {
        entries.put(key(whole.threadId(), whole.checkpointNs()), new Entry(stored, whole, bases, sizes), sizes.whole());
    }

    void forget(String threadId, String checkpointNs) {
        entries.remove(key(threadId, checkpointNs));
    }

    int size() {
        return entries.size();
    }

    private static String key(String threadId, String checkpointNs) {
        return threadId + "/" + checkpointNs;
    }
}
