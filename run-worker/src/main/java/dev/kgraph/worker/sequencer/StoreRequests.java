package dev.kgraph.worker.sequencer;

import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.store.StoreAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Requests about store items (LangGraph's long-term memory), decided by the writer of the item's partition: put, get,
 * delete, and this partition's part of a search or namespace listing. Items are in the changelogged
 * {@link SequencerStores#STORE_ITEMS} store; their ttl expiries in {@link SequencerStores#STORE_EXPIRIES}, which a
 * wall-clock punctuation sweeps, so an expiry survives restarts and fail-over. Expired items are invisible from the
 * moment they expire, whatever the sweep's delay. Answers are bounded: a search or listing returns at most
 * {@code limit} entries per partition, kept in a bounded heap while the partition's items are scanned.
 */
final class StoreRequests {
    private static final StringSerializer KEYS = new StringSerializer();
    private static final Comparator<StoreItemEntry> NEWEST_FIRST = Comparator
            .comparing((StoreItemEntry item) -> Instant.parse(item.updatedAt())).reversed()
            .thenComparing(item -> StoreAddress.itemKey(item.namespace(), item.key()));

    private final KeyValueStore<String, StoreItemEntry> items;
    private final KeyValueStore<String, String> expiries;
    private final Clock clock;

    StoreRequests(ProcessorContext<String, Object> context, Clock clock) {
        this.items = context.getStateStore(SequencerStores.STORE_ITEMS);
        this.expiries = context.getStateStore(SequencerStores.STORE_EXPIRIES);
        this.clock = clock;
    }

    Reply put(ThreadRequest.PutStoreItem r) {
        var now = clock.instant();
        var itemKey = StoreAddress.itemKey(r.namespace(), r.key());
        var existing = live(itemKey, now);
        var createdAt = existing == null ? now.toString() : existing.createdAt();
        var entry = new StoreItemEntry(List.copyOf(r.namespace()), r.key(), r.value(), createdAt, now.toString(),
                r.ttlMinutes(), StoreItemEntry.expiryFrom(now, r.ttlMinutes()));
        write(itemKey, existing, entry);
        return Replies.ok(r, null);
    }

    Reply get(ThreadRequest.GetStoreItem r) {
        var now = clock.instant();
        var itemKey = StoreAddress.itemKey(r.namespace(), r.key());
        var entry = live(itemKey, now);
        if (entry == null) {
            return Replies.ok(r, null);
        }
        if (r.refreshTtl()) {
            entry = refresh(itemKey, entry, now);
        }
        return Replies.ok(r, entry.toItem());
    }

    Reply delete(ThreadRequest.DeleteStoreItem r) {
        var itemKey = StoreAddress.itemKey(r.namespace(), r.key());
        var existing = items.get(itemKey);
        if (existing != null) {
            items.delete(itemKey);
            forgetExpiry(itemKey, existing); // after the item: a crash between leaves only a harmless wake-up
        }
        return Replies.ok(r, null);
    }

    /** This partition's newest {@code limit} live items under the prefix that match the filter. */
    Reply search(ThreadRequest.SearchStoreItems r) {
        var now = clock.instant();
        int limit = Math.max(0, r.limit());
        var kept = new PriorityQueue<StoreItemEntry>(NEWEST_FIRST.reversed()); // the oldest kept item on top
        try (var it = items.prefixScan(StoreAddress.prefix(r.namespacePrefix()), KEYS)) {
            it.forEachRemaining(kv -> {
                var item = kv.value;
                if (limit > 0 && !item.expiredAt(now) && StoreValueFilter.matches(item.value(), r.filter())) {
                    kept.add(item);
                    if (kept.size() > limit) {
                        kept.poll();
                    }
                }
            });
        }
        var page = new ArrayList<>(kept);
        page.sort(NEWEST_FIRST);
        var found = new ArrayList<Map<String, Object>>(page.size());
        for (var item : page) {
            var itemKey = StoreAddress.itemKey(item.namespace(), item.key());
            found.add((r.refreshTtl() ? refresh(itemKey, item, now) : item).toSearchItem());
        }
        return Replies.ok(r, Map.of("items", found));
    }

    /** This partition's first {@code limit} distinct namespaces (cut to {@code maxDepth}), in dotted-path order. */
    Reply listNamespaces(ThreadRequest.ListStoreNamespaces r) {
        var now = clock.instant();
        int limit = Math.max(0, r.limit());
        var kept = new TreeMap<String, List<String>>();
        try (var it = items.prefixScan(StoreAddress.prefix(literalPrefix(r.prefix())), KEYS)) {
            it.forEachRemaining(kv -> {
                var namespace = kv.value.namespace();
                if (limit == 0 || kv.value.expiredAt(now) || !StoreNamespaceMatch.matches(namespace, r.prefix(),
                        r.suffix())) {
                    return;
                }
                var cut = r.maxDepth() == null || namespace.size() <= r.maxDepth() ? namespace
                        : namespace.subList(0, r.maxDepth());
                kept.putIfAbsent(String.join(".", cut), List.copyOf(cut));
                if (kept.size() > limit) {
                    kept.pollLastEntry();
                }
            });
        }
        return Replies.ok(r, Map.of("namespaces", new ArrayList<>(kept.values())));
    }

    /** Deletes the items whose ttl has passed (called by a wall-clock punctuation). */
    void expireDue() {
        var now = clock.instant();
        var due = new ArrayList<org.apache.kafka.streams.KeyValue<String, String>>();
        try (var it = expiries.range("", String.format("%015d/\uffff", now.toEpochMilli()))) {
            it.forEachRemaining(due::add);
        }
        for (var wakeUp : due) {
            var item = items.get(wakeUp.value);
            // a refresh or a rewrite moved the expiry: only the item's own time counts
            if (item != null && item.expiredAt(now)) {
                items.delete(wakeUp.value);
            }
            expiries.delete(wakeUp.key); // last: a crash before it leaves a wake-up the next sweep finds again
        }
    }

    private StoreItemEntry live(String itemKey, Instant now) {
        var entry = items.get(itemKey);
        return entry == null || entry.expiredAt(now) ? null : entry;
    }

    private StoreItemEntry refresh(String itemKey, StoreItemEntry entry, Instant now) {
        if (entry.ttlMinutes() == null) {
            return entry;
        }
        var refreshed = entry.refreshedAt(now);
        write(itemKey, entry, refreshed);
        return refreshed;
    }

    /**
     * Stores the entry and moves its expiry wake-up: the new wake-up first and the old one last, so that a crash in
     * between (at-least-once: the stores' changelog records are separate) leaves a wake-up too many, which the sweep
     * drops, never an expiring item without one. Refreshes leave no wake-up behind.
     */
    private void write(String itemKey, StoreItemEntry previous, StoreItemEntry entry) {
        var before = previous != null ? previous : items.get(itemKey); // an expired item not swept yet, if any
        String newWakeUp = entry.expiresAt() == null ? null : expiryKey(entry.expiresAt(), itemKey);
        if (newWakeUp != null) {
            expiries.put(newWakeUp, itemKey);
        }
        items.put(itemKey, entry);
        if (before != null && before.expiresAt() != null) {
            var oldWakeUp = expiryKey(before.expiresAt(), itemKey);
            if (!oldWakeUp.equals(newWakeUp)) {
                expiries.delete(oldWakeUp);
            }
        }
    }

    private void forgetExpiry(String itemKey, StoreItemEntry entry) {
        if (entry.expiresAt() != null) {
            expiries.delete(expiryKey(entry.expiresAt(), itemKey));
        }
    }

    /** {@code due/item key}, the due time zero-padded so keys sort by it. */
    private static String expiryKey(String expiresAt, String itemKey) {
        return String.format("%015d/%s", Instant.parse(expiresAt).toEpochMilli(), itemKey);
    }

    /** The labels of a listing prefix before its first wildcard: the part a key range can narrow. */
    private static List<String> literalPrefix(List<String> prefix) {
        if (prefix == null) {
            return List.of();
        }
        int wildcard = prefix.indexOf(StoreNamespaceMatch.WILDCARD);
        return wildcard < 0 ? prefix : prefix.subList(0, wildcard);
    }
}
