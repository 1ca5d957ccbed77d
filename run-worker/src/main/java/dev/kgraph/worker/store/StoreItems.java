package dev.kgraph.worker.store;

import dev.kgraph.graph.store.StoreItem;
import dev.kgraph.model.store.StoreAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Items as replies carry them (API shape), and the merge of the partitions' answers, in the gateway's order. */
final class StoreItems {
    private static final Comparator<StoreItem> NEWEST_FIRST = Comparator
            .comparing((StoreItem item) -> Instant.parse(item.updatedAt())).reversed()
            .thenComparing(item -> StoreAddress.itemKey(item.namespace(), item.key()));

    private StoreItems() {
    }

    @SuppressWarnings("unchecked")
    static StoreItem item(Map<?, ?> item) {
        return new StoreItem((List<String>) item.get("namespace"), (String) item.get("key"),
                (Map<String, Object>) item.get("value"), (String) item.get("created_at"),
                (String) item.get("updated_at"));
    }

    static List<StoreItem> mergeItems(List<Object> bodies, int offset, int limit) {
        var all = new ArrayList<StoreItem>();
        for (Object body : bodies) {
            if (body instanceof Map<?, ?> part && part.get("items") instanceof List<?> items) {
                items.forEach(item -> all.add(item((Map<?, ?>) item)));
            }
        }
        all.sort(NEWEST_FIRST);
        return List.copyOf(all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit)));
    }

    @SuppressWarnings("unchecked")
    static List<List<String>> mergeNamespaces(List<Object> bodies, int offset, int limit) {
        var distinct = new TreeMap<String, List<String>>();
        for (Object body : bodies) {
            if (body instanceof Map<?, ?> part && part.get("namespaces") instanceof List<?> namespaces) {
                namespaces.forEach(ns -> distinct.putIfAbsent(String.join(".", (List<String>) ns),
                        (List<String>) ns));
            }
        }
        var all = new ArrayList<>(distinct.values());
        return List.copyOf(all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit)));
    }
}
