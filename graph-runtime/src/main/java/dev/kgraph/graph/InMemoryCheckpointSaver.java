package dev.kgraph.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Checkpoints in memory: one sorted map per (thread, namespace), no global lock. For tests and stateless runs;
 * nothing is ever evicted except by {@link #deleteThread(String)}.
 */
public final class InMemoryCheckpointSaver implements CheckpointSaver {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Map<String, NavigableMap<String, Entry>> threads = new ConcurrentHashMap<>();

    /** A stored checkpoint and its pending writes (keyed so special channels replace, regular writes are kept once). */
    private static final class Entry {
        final CheckpointTuple tuple;
        final LinkedHashMap<String, PendingWrite> writes = new LinkedHashMap<>();

        Entry(CheckpointTuple tuple) {
            this.tuple = tuple;
        }

        synchronized CheckpointTuple snapshot() {
            return tuple.withPendingWrites(List.copyOf(writes.values()));
        }

        synchronized void add(List<PendingWrite> ws) {
            for (int i = 0; i < ws.size(); i++) {
                PendingWrite w = ws.get(i);
                boolean special = w.channel().startsWith("__") && w.channel().endsWith("__");
                String key = w.taskId() + '\u0000' + (special ? w.channel() : w.channel() + '\u0000' + i);
                if (special) {
                    writes.put(key, w);
                } else {
                    writes.putIfAbsent(key, w);
                }
            }
        }
    }

    private static String key(String threadId, String ns) {
        return threadId + '\u0000' + (ns == null ? "" : ns);
    }

    private NavigableMap<String, Entry> log(String threadId, String ns) {
        return threads.computeIfAbsent(key(threadId, ns), k -> new ConcurrentSkipListMap<>());
    }

    @Override
    public Optional<CheckpointTuple> get(String threadId, String checkpointNs, String checkpointId) {
        NavigableMap<String, Entry> log = threads.get(key(threadId, checkpointNs));
        if (log == null || log.isEmpty()) {
            return Optional.empty();
        }
        if (checkpointId == null) {
            Map.Entry<String, Entry> last = log.lastEntry();
            return last == null ? Optional.empty() : Optional.of(last.getValue().snapshot());
        }
        Entry e = log.get(checkpointId);
        return e == null ? Optional.empty() : Optional.of(e.snapshot());
    }

    @Override
    public List<CheckpointTuple> list(String threadId, String checkpointNs, ListOptions options) {
        NavigableMap<String, Entry> log = threads.get(key(threadId, checkpointNs));
        List<CheckpointTuple> out = new ArrayList<>();
        if (log == null) {
            return out;
        }
        ListOptions opts = options == null ? ListOptions.all() : options;
        NavigableMap<String, Entry> view = opts.before() == null ? log : log.headMap(opts.before(), false);
        for (Entry e : view.descendingMap().values()) {
            if (opts.limit() != null && out.size() >= opts.limit()) {
                break;
            }
            if (opts.matches(e.tuple.metadata())) {
                out.add(e.snapshot());
            }
        }
        return out;
    }

    @Override
    public CompletableFuture<Void> put(CheckpointTuple tuple) {
        Entry entry = new Entry(tuple.withPendingWrites(List.of()));
        if (!tuple.pendingWrites().isEmpty()) {
            entry.add(tuple.pendingWrites());
        }
        log(tuple.threadId(), tuple.checkpointNs()).put(tuple.checkpointId(), entry);
        return DONE;
    }

    @Override
    public CompletableFuture<Void> putWrites(String threadId, String checkpointNs, String checkpointId,
                                             List<PendingWrite> writes) {
        Entry e = log(threadId, checkpointNs).get(checkpointId);
        if (e == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "No checkpoint " + checkpointId + " in thread " + threadId + " to attach writes to"));
        }
        e.add(writes);
        return DONE;
    }

    /** Removes every checkpoint of a thread, all namespaces included. */
    public void deleteThread(String threadId) {
        threads.keySet().removeIf(k -> k.startsWith(threadId + '\u0000'));
    }
}
