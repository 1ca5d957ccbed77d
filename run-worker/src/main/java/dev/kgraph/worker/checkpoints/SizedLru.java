package dev.kgraph.worker.checkpoints;

import java.util.LinkedHashMap;

/**
 * A map that forgets its least recently used entries, bounded by their number and by the sum of their sizes (as the
 * caller measures them); an entry larger than a quarter of the size bound is not kept: it would push out most others.
 * Thread-safe. What the worker keeps of its busy threads between their runs ({@link LatestCheckpoints},
 * {@code FinalValuesEncoder}) is kept here.
 */
public final class SizedLru<V> {
    private record Sized<V>(V value, long size) {
    }

    private final int maxEntries;
    private final long maxSize;
    private final LinkedHashMap<String, Sized<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long size;

    public SizedLru(int maxEntries, long maxSize) {
        this.maxEntries = maxEntries;
        this.maxSize = maxSize;
    }

    /** The value under {@code key} (null if none), now the most recently used. */
    public synchronized V get(String key) {
        var sized = entries.get(key);
        return sized == null ? null : sized.value();
    }

    /** Puts {@code value} in place of what {@code key} held; the least recently used go while the bounds are passed. */
    public synchronized void put(String key, V value, long valueSize) {
        remove(key);
        if (valueSize > maxSize / 4) {
            return;
        }
        entries.put(key, new Sized<>(value, valueSize));
        size += valueSize;
        var eldest = entries.values().iterator();
        while ((entries.size() > maxEntries || size > maxSize) && eldest.hasNext()) {
            size -= eldest.next().size();
            eldest.remove();
        }
    }

    public synchronized void remove(String key) {
        var gone = entries.remove(key);
        if (gone != null) {
            size -= gone.size();
        }
    }

    public synchronized int size() {
        return entries.size();
    }
}
