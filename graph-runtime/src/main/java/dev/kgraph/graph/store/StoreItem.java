package dev.kgraph.graph.store;

import java.util.List;
import java.util.Map;

/** One stored value (LangGraph's {@code Item}); times are ISO-8601 instants. */
public record StoreItem(List<String> namespace, String key, Map<String, Object> value, String createdAt,
                        String updatedAt) {
}
