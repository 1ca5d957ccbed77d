package dev.kgraph.model.runs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A run's {@code kwargs} as Kafka carries them and as the API shows them. The API shows every option of the run
 * ({@code command}, {@code interrupt_before}, ..., {@code on_disconnect}), set or not; most runs set few of them, so
 * the request, and the run's entry in its thread's store (written when it starts and again when it ends), carry only
 * the options that differ from their defaults ({@link #compact}): about 250 bytes less in each of the three records
 * before compression, 420 of the 5.6 KB an {@code echo} run appended to Kafka at one client (docs/benchmarks.md,
 * section 7, "2026-12-08"). Every reader of an option treats its absence as the
 * default; what leaves the system (a reply that holds a run, a webhook's payload) has the defaults put back in the
 * API's order ({@link #expand}, {@link Run#forApi()}).
 */
public final class RunKwargs {

    /** The API's options in its order, each with the value a run has when its request does not set it. */
    private static final List<Map.Entry<String, Object>> DEFAULTS = List.of(
            entry("command", null),
            entry("interrupt_before", null),
            entry("interrupt_after", null),
            entry("webhook", null),
            entry("feedback_keys", null),
            entry("temporary", false),
            entry("subgraphs", false),
            entry("resumable", false),
            entry("checkpoint_during", true),
            entry("durability", "async"),
            entry("on_disconnect", "continue"));

    /** The keys that come before the options, in the API's order. */
    private static final List<String> LEADING = List.of("input", "command", "config", "context", "stream_mode",
            "interrupt_before", "interrupt_after", "webhook", "feedback_keys", "temporary", "subgraphs", "resumable",
            "checkpoint_during", "durability", "on_disconnect");

    private RunKwargs() {
    }

    /** {@code kwargs} without the options at their default, nor an empty {@code context}. */
    public static Map<String, Object> compact(Map<String, Object> kwargs) {
        var compact = new LinkedHashMap<String, Object>(kwargs);
        for (var option : DEFAULTS) {
            if (compact.containsKey(option.getKey()) && Objects.equals(compact.get(option.getKey()), option.getValue())) {
                compact.remove(option.getKey());
            }
        }
        if (compact.get("context") instanceof Map<?, ?> context && context.isEmpty()) {
            compact.remove("context");
        }
        return compact;
    }

    /**
     * {@code kwargs} with every option, in the API's order: what {@link #compact} left out put back; keys the API does
     * not list (the writer's {@code streamed}) after them. {@code kwargs} itself when it already has them all.
     */
    public static Map<String, Object> expand(Map<String, Object> kwargs) {
        if (kwargs == null || isExpanded(kwargs)) {
            return kwargs;
        }
        var expanded = new LinkedHashMap<String, Object>();
        for (String key : LEADING) {
            expanded.put(key, kwargs.containsKey(key) ? kwargs.get(key) : defaultOf(key));
        }
        kwargs.forEach(expanded::putIfAbsent);
        return expanded;
    }

    private static boolean isExpanded(Map<String, Object> kwargs) {
        return kwargs.keySet().containsAll(LEADING);
    }

    private static Object defaultOf(String key) {
        if ("context".equals(key)) {
            return Map.of();
        }
        for (var option : DEFAULTS) {
            if (option.getKey().equals(key)) {
                return option.getValue();
            }
        }
        return null; // input, config, stream_mode: always carried
    }

    private static Map.Entry<String, Object> entry(String key, Object value) {
        return new java.util.AbstractMap.SimpleImmutableEntry<>(key, value);
    }
}
