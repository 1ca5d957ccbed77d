package dev.kgraph.graph.golden;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares values as JSON does: a number is its numeric value (JS has no Integer/Long/Double distinction, so
 * {@code 2}, {@code 2L} and {@code 2.0} are equal), objects compare by entries regardless of key order, lists by order.
 */
public final class JsonValues {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonMapper COMPACT = JsonMapper.builder().build();

    private JsonValues() {}

    /** A copy made of LinkedHashMap, ArrayList, String, Boolean, BigDecimal (trailing zeros stripped) and null. */
    public static Object canonical(Object value) {
        return switch (value) {
            case null -> null;
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(String.valueOf(k), canonical(v)));
                yield out;
            }
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(v -> out.add(canonical(v)));
                yield out;
            }
            case Double d -> BigDecimal.valueOf(d).stripTrailingZeros();
            case Float f -> BigDecimal.valueOf(f).stripTrailingZeros();
            case Number n -> new BigDecimal(n.toString()).stripTrailingZeros();
            default -> value;
        };
    }

    /**
     * Where two values differ, as lines {@code path: expected X, actual Y} (at most {@code max}), comparing their
     * {@link #canonical} forms; empty when they are equal.
     */
    public static List<String> differences(Object expected, Object actual, int max) {
        List<String> out = new ArrayList<>();
        collectDifferences("$", canonical(expected), canonical(actual), out, max);
        return out;
    }

    private static void collectDifferences(String path, Object expected, Object actual, List<String> out, int max) {
        if (out.size() >= max || Objects.equals(expected, actual)) {
            return;
        }
        if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
            Set<Object> keys = new LinkedHashSet<>(e.keySet());
            keys.addAll(a.keySet());
            for (Object key : keys) {
                if (!e.containsKey(key) || !a.containsKey(key)) {
                    out.add(path + "." + key + ": expected " + (e.containsKey(key) ? compact(e.get(key)) : "(absent)")
                            + ", actual " + (a.containsKey(key) ? compact(a.get(key)) : "(absent)"));
                } else {
                    collectDifferences(path + "." + key, e.get(key), a.get(key), out, max);
                }
                if (out.size() >= max) {
                    return;
                }
            }
            return;
        }
        if (expected instanceof List<?> e && actual instanceof List<?> a && e.size() == a.size()) {
            for (int i = 0; i < e.size() && out.size() < max; i++) {
                collectDifferences(path + "[" + i + "]", e.get(i), a.get(i), out, max);
            }
            return;
        }
        out.add(path + ": expected " + compact(expected) + ", actual " + compact(actual));
    }

    /** One-line JSON. */
    public static String compact(Object value) {
        return COMPACT.writeValueAsString(value);
    }

    static String pretty(Object value) {
        return JSON.writeValueAsString(value);
    }
}
