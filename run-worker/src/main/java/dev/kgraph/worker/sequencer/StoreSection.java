package dev.kgraph.worker.sequencer;

import java.util.NoSuchElementException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One kind of entry in the {@link SequencerStores#THREAD_STATE} store: its keys are the section's prefix followed by
 * the entry's own key, so a section reads, writes and scans as a store of its own would (the prefix is the same for
 * all its keys, so they sort as the bare keys do), while a decision's writes of every kind reach one changelog.
 */
final class StoreSection<V> {
    private final KeyValueStore<String, byte[]> store;
    private final String prefix;
    private final Serializer<V> serializer;
    private final Deserializer<V> deserializer;

    StoreSection(KeyValueStore<String, byte[]> store, String prefix, Serde<V> values) {
        this.store = store;
        this.prefix = prefix;
        this.serializer = values.serializer();
        this.deserializer = values.deserializer();
    }

    V get(String key) {
        return decode(store.get(prefix + key));
    }

    void put(String key, V value) {
        if (value == null) {
            delete(key);
        } else {
            store.put(prefix + key, serializer.serialize(null, value));
        }
    }

    void delete(String key) {
        store.delete(prefix + key);
    }

    /** The entries with keys from {@code from} to {@code to}, both included, in key order. */
    KeyValueIterator<String, V> range(String from, String to) {
        return new Entries(store.range(prefix + from, prefix + to));
    }

    /** As {@link #range}, in reverse key order. */
    KeyValueIterator<String, V> reverseRange(String from, String to) {
        return new Entries(store.reverseRange(prefix + from, prefix + to));
    }

    /** Every entry of this section, in key order. */
    KeyValueIterator<String, V> all() {
        return new Entries(store.range(prefix, prefix + StoreKeys.END));
    }

    private V decode(byte[] bytes) {
        return bytes == null ? null : deserializer.deserialize(null, bytes);
    }

    /** The shared store's entries with the section's prefix taken off their keys and their values decoded. */
    private final class Entries implements KeyValueIterator<String, V> {
        private final KeyValueIterator<String, byte[]> stored;

        Entries(KeyValueIterator<String, byte[]> stored) {
            this.stored = stored;
        }

        @Override
        public boolean hasNext() {
            return stored.hasNext();
        }

        @Override
        public KeyValue<String, V> next() {
            if (!stored.hasNext()) {
                throw new NoSuchElementException();
            }
            var next = stored.next();
            return KeyValue.pair(next.key.substring(prefix.length()), decode(next.value));
        }

        @Override
        public String peekNextKey() {
            return stored.peekNextKey().substring(prefix.length());
        }

        @Override
        public void close() {
            stored.close();
        }
    }
}
