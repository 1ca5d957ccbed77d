package dev.kgraph.gateway.store;

import dev.kgraph.model.store.StoreAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges the partitions' answers to a search or a namespace listing into the page asked for. Each partition sent its
 * first {@code offset + limit} entries in the same order, so the merged page is exact.
 */
final class StoreResults {
    /** Most recently updated first, as LangGraph's Postgres store orders a search without a query. */
    static final Comparator<Map<String, Object>> NEWEST_FIRST = Comparator
            .comparing((Map<String, Object> item) -> Instant.parse((String) item.get("updated_at"))).reversed()
            .thenComparing(StoreResults::itemKey);

    private StoreResults() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> items(List<Object> bodies, int offset, int limit) {
        var all = new ArrayList<Map<String, Object>>();
        for (Object body : bodies) {
            if (body instanceof Map<?, ?> part && part.get("items") instanceof List<?> items) {
                items.forEach(item -> all.add((Map<String, Object>) item));
            }
        }
        all.sort(NEWEST_FIRST);
        return Map.of("items", page(all, offset, limit));
    }

    /** Distinct namespaces in the order of their dotted paths, as the Python server lists them. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> namespaces(List<Object> bodies, int offset, int limit) {
        var distinct = new TreeMap<String, List<String>>();
        for (Object body : bodies) {
            if (body instanceof Map<?, ?> part && part.get("namespaces") instanceof List<?> namespaces) {
                namespaces.forEach(ns -> distinct.putIfAbsent(String.join(".", (List<String>) ns),
                        (List<String>) ns));
            }
        }
        return Map.of("namespaces", page(new ArrayList<>(distinct.values()), offset, limit));
    }

    private static <T> List<T> page(List<T> all, int offset, int limit) {
        return all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
    }

    @SuppressWarnings("unchecked")
    private static String itemKey(Map<String, Object> item) {
        return StoreAddress.itemKey((List<String>) item.get("namespace"), (String) item.get("key"));
    }
}
