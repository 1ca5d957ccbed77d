package dev.kgraph.worker.sequencer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that keeps at most {@code capacity} entries, dropping the least recently used: what a task keeps decoded of
 * the entries it touched last. Not thread-safe: each belongs to one task, used only on its stream thread.
 */
final class LruMap<K, V> extends LinkedHashMap<K, V> {
    private final int capacity;

    LruMap(int capacity) {
        super(capacity, 0.75f, true);
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
