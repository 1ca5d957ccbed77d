package dev.kgraph.graph.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store in this JVM's memory, for running graphs outside a server (tests, scripts); lost with the JVM. Filters
 * support plain equality only, and ttls are ignored.
 */
public final class InMemoryStore implements BaseStore {
    private final Map<List<Object>, StoreItem> items = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryStore() {
        this(Clock.systemUTC());
    }

    public InMemoryStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public StoreItem get(List<String> namespace, String key) {
        return items.get(List.of(List.copyOf(namespace), key));
    }

    @Override
    public void put(List<String> namespace, String key, Map<String, Object> value, Double ttlMinutes) {
        if (namespace.isEmpty() || namespace.stream().anyMatch(l -> l.isEmpty() || l.contains("."))
                || namespace.getFirst().equals("langgraph")) {
            throw new IllegalArgumentException("Invalid namespace " + namespace);
        }
        var now = clock.instant().toString();
        items.compute(List.of(List.copyOf(namespace), key), (k, old) -> new StoreItem(List.copyOf(namespace), key,
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(value)), old == null ? now : old.createdAt(), now));
    }

    @Override
    public void delete(List<String> namespace, String key) {
        items.remove(List.of(List.copyOf(namespace), key));
    }

    @Override
    public List<StoreItem> search(List<String> namespacePrefix, Map<String, Object> filter, int limit, int offset) {
        return items.values().stream()
                .filter(item -> startsWith(item.namespace(), namespacePrefix))
                .filter(item -> filter == null || filter.entrySet().stream()
                        .allMatch(f -> Objects.equals(item.value().get(f.getKey()), f.getValue())))
                .sorted(Comparator.comparing(StoreItem::updatedAt).reversed())
                .skip(offset).limit(limit).toList();
    }

    @Override
    public List<List<String>> listNamespaces(List<String> prefix, List<String> suffix, Integer maxDepth, int limit,
                                             int offset) {
        var distinct = new TreeMap<String, List<String>>();
        for (var item : items.values()) {
            var ns = item.namespace();
            if ((prefix == null || startsWith(ns, prefix))
                    && (suffix == null || startsWith(ns.reversed(), suffix.reversed()))) {
                var cut = maxDepth == null || ns.size() <= maxDepth ? ns : ns.subList(0, maxDepth);
                distinct.putIfAbsent(String.join(".", cut), cut);
            }
        }
        return new ArrayList<>(distinct.values()).stream().skip(offset).limit(limit).toList();
    }

    private static boolean startsWith(List<String> namespace, List<String> labels) {
        if (labels.size() > namespace.size()) {
            return false;
        }
        for (int i = 0; i < labels.size(); i++) {
            if (!labels.get(i).equals("*") && !labels.get(i).equals(namespace.get(i))) {
                return false;
            }
        }
        return true;
    }
}
