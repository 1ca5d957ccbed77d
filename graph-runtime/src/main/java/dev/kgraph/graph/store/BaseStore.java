package dev.kgraph.graph.store;

import java.util.List;
import java.util.Map;

/**
 * LangGraph's {@code BaseStore} as nodes use it: a key-value store of JSON objects under namespaces (tuples of
 * labels), shared by every thread of the deployment. Namespaces follow LangGraph's rules: labels are non-empty and
 * hold no period, and an item's namespace does not start with {@code langgraph}; a breach is an
 * {@link IllegalArgumentException}. Calls block the calling (virtual) thread until the store answers.
 */
public interface BaseStore {

    /** The item, or null when there is none (or its ttl has passed). Reading restarts a ttl. */
    StoreItem get(List<String> namespace, String key);

    /** Creates or replaces an item; it lives until deleted. */
    default void put(List<String> namespace, String key, Map<String, Object> value) {
        put(namespace, key, value, null);
    }

    /** Creates or replaces an item that is deleted {@code ttlMinutes} after its last write or read (null: never). */
    void put(List<String> namespace, String key, Map<String, Object> value, Double ttlMinutes);

    void delete(List<String> namespace, String key);

    /**
     * Items under {@code namespacePrefix} (every namespace starting with those labels) whose value matches
     * {@code filter} (field equality, or {@code $eq $ne $gt $gte $lt $lte} operators; null: all), most recently
     * updated first.
     */
    List<StoreItem> search(List<String> namespacePrefix, Map<String, Object> filter, int limit, int offset);

    /** Distinct namespaces starting with {@code prefix} and ending with {@code suffix} (null: any; {@code *} matches
     * any label), cut to {@code maxDepth} labels when not null, in the order of their dotted paths. */
    List<List<String>> listNamespaces(List<String> prefix, List<String> suffix, Integer maxDepth, int limit,
                                      int offset);
}
