package dev.kgraph.model.runs;

import java.util.LinkedHashMap;
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

    /** What a run always carries, whatever its value: no default stands in for it. */
    private static final Object CARRIED = new Object();

    /** Every key of the API's kwargs, in its order, each with the value a run has when its request does not set it. */
    private static final Map<String, Object> API_KEYS = new LinkedHashMap<>();

    static {
        API_KEYS.put("input", CARRIED);
        API_KEYS.put("command", null);
        API_KEYS.put("config", CARRIED);
        API_KEYS.put("context", Map.of()); // equal to any empty map
        API_KEYS.put("stream_mode", CARRIED);
        API_KEYS.put("interrupt_before", null);
        API_KEYS.put("interrupt_after", null);
        API_KEYS.put("webhook", null);
        API_KEYS.put("feedback_keys", null);
        API_KEYS.put("temporary", false);
        API_KEYS.put("subgraphs", false);
        API_KEYS.put("resumable", false);
        API_KEYS.put("checkpoint_during", true);
        API_KEYS.put("durability", "async");
        API_KEYS.put("on_disconnect", "continue");
    }

    private RunKwargs() {
    }

    /** {@code kwargs} without the options at their default (an empty {@code context} included). */
    public static Map<String, Object> compact(Map<String, Object> kwargs) {
        var compact = new LinkedHashMap<String, Object>(kwargs);
        API_KEYS.forEach((key, byDefault) -> {
            if (byDefault != CARRIED && compact.containsKey(key) && Objects.equals(compact.get(key), byDefault)) {
                compact.remove(key);
            }
        });
        return compact;
    }

    /**
     * {@code kwargs} with every option, in the API's order: what {@link #compact} left out put back; keys the API does
     * not list (the writer's {@code streamed}) after them. {@code kwargs} itself when it already has them all.
     */
    public static Map<String, Object> expand(Map<String, Object> kwargs) {
        if (kwargs == null || kwargs.keySet().containsAll(API_KEYS.keySet())) {
            return kwargs;
        }
        var expanded = new LinkedHashMap<String, Object>();
        API_KEYS.forEach((key, byDefault) -> expanded.put(key,
                kwargs.containsKey(key) || byDefault == CARRIED ? kwargs.get(key) : byDefault));
        kwargs.forEach(expanded::putIfAbsent);
        return expanded;
    }
}
