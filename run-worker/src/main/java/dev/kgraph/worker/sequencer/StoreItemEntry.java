package dev.kgraph.worker.sequencer;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A store item as its writer keeps it: the API fields plus its ttl. {@code expiresAt} is when the ttl deletes it
 * (null: never); an item past it is invisible even before the expiry sweep removes it.
 */
record StoreItemEntry(List<String> namespace, String key, Map<String, Object> value, String createdAt,
                      String updatedAt, Double ttlMinutes, String expiresAt) {

    boolean expiredAt(Instant now) {
        return expiresAt != null && !Instant.parse(expiresAt).isAfter(now);
    }

    /** The same item, its ttl counted again from {@code now} ({@code refresh_ttl}). */
    StoreItemEntry refreshedAt(Instant now) {
        return new StoreItemEntry(namespace, key, value, createdAt, updatedAt, ttlMinutes, expiryFrom(now, ttlMinutes));
    }

    static String expiryFrom(Instant now, Double ttlMinutes) {
        return ttlMinutes == null ? null : now.plusMillis(Math.round(ttlMinutes * 60_000)).toString();
    }

    /** LangGraph's {@code Item.dict()}: namespace, key, value, created_at, updated_at. */
    Map<String, Object> toItem() {
        var item = new LinkedHashMap<String, Object>();
        item.put("namespace", namespace);
        item.put("key", key);
        item.put("value", value);
        item.put("created_at", createdAt);
        item.put("updated_at", updatedAt);
        return item;
    }

    /** LangGraph's {@code SearchItem.dict()}: an item with its {@code score} (null: no semantic query). */
    Map<String, Object> toSearchItem() {
        var item = toItem();
        item.put("score", null);
        return item;
    }
}
