package dev.kgraph.worker.sequencer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The checkpoints' section of the sequencer's thread-state store (keys from {@link StoreKeys#checkpoint}), and what
 * this task knows of the latest root checkpoint of the threads it touched last.
 *
 * <p>A run's end asks for its thread's latest checkpoint. In RocksDB that is a reverse range scan over the thread's
 * keys, which no Bloom filter can answer: it seeks in every sorted file and reads a data block of each, most of them
 * other threads' (a fifth of the stream thread's time at 64 clients, docs/benchmarks.md section 7, "2026-12-06 late
 * night"). Yet this task wrote those checkpoints a moment before, or created the thread with none. So it keeps, per
 * recent thread, the id of the latest root checkpoint (or that there is none), learnt when it creates a thread or
 * scans one, advanced by each root checkpoint it puts, and forgotten when it deletes any of the thread's
 * checkpoints. Only this task's stream thread writes the store, through here, so what is kept is never stale; a task
 * starts knowing nothing (after a restart or a move everything is asked of the store again).
 */
final class CheckpointStore {
    /** Threads whose latest root checkpoint is kept: the threads in flight on a partition. */
    static final int KNOWN_THREADS = SequencerState.RECENT_ENTRIES;
    /** In {@link #latestRoot}: the thread has no root checkpoint. */
    private static final String NONE = "";

    private final StoreSection<byte[]> store;
    private final Map<String, String> latestRoot = new LruMap<>(KNOWN_THREADS);

    CheckpointStore(StoreSection<byte[]> store) {
        this.store = store;
    }

    byte[] get(String key) {
        return store.get(key);
    }

    void put(String key, byte[] value) {
        store.put(key, value);
        var threadId = threadOf(key);
        var known = latestRoot.get(threadId);
        var rootId = rootIdOf(key, threadId);
        if (known != null && rootId != null && (known.equals(NONE) || sortsAfter(rootId, known))) {
            latestRoot.put(threadId, rootId);
        }
    }

    void delete(String key) {
        store.delete(key);
        latestRoot.remove(threadOf(key));
    }

    KeyValueIterator<String, byte[]> range(String from, String to) {
        return store.range(from, to);
    }

    KeyValueIterator<String, byte[]> reverseRange(String from, String to) {
        return store.reverseRange(from, to);
    }

    /**
     * This task has just created the thread: nothing is stored under it (deleting a thread deletes its checkpoints in
     * the same decision, {@link SequencerState#deleteThread}).
     */
    void threadCreated(String threadId) {
        latestRoot.put(threadId, NONE);
    }

    /** The thread's latest root checkpoint as id and stored bytes; null if it has none. */
    KeyValue<String, byte[]> latestRoot(String threadId) {
        var known = latestRoot.get(threadId);
        if (known != null) {
            if (known.equals(NONE)) {
                return null;
            }
            var stored = store.get(StoreKeys.checkpoint(threadId, "", known));
            if (stored != null) {
                return KeyValue.pair(known, stored);
            }
            latestRoot.remove(threadId); // not expected: ask the store
        }
        var from = StoreKeys.checkpointsFrom(threadId, "");
        try (var it = store.reverseRange(from, StoreKeys.checkpointsTo(threadId, ""))) {
            if (!it.hasNext()) {
                latestRoot.put(threadId, NONE);
                return null;
            }
            var latest = it.next();
            var id = latest.key.substring(from.length());
            latestRoot.put(threadId, id);
            return KeyValue.pair(id, latest.value);
        }
    }

    /** Thread ids are UUIDs: the key's part before its first slash. */
    private static String threadOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }

    /** The checkpoint id of a root-namespace key ({@code thread//id}), or null for another namespace. */
    private static String rootIdOf(String key, String threadId) {
        int start = threadId.length();
        return key.startsWith("//", start) ? key.substring(start + 2) : null;
    }

    /** In the store's order: RocksDB compares keys as unsigned bytes of their UTF-8 encoding. */
    private static boolean sortsAfter(String id, String other) {
        return Arrays.compareUnsigned(id.getBytes(StandardCharsets.UTF_8), other.getBytes(StandardCharsets.UTF_8)) > 0;
    }
}
