package dev.kgraph.worker.execution;

import dev.kgraph.graph.golden.CaseNormaliser;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces what changes from run to run in the server's SSE frames the way {@code golden/generate.mjs} does in
 * LangGraph.js's chunks ({@code StreamNormaliser} there): checkpoint ids become their index among the thread's
 * checkpoints of the same namespace, task ids {@code task-N} and interrupt ids {@code interrupt-N} in order of first
 * appearance in the case (walking objects in sorted key order), debug timestamps are dropped, a config keeps
 * {@code {configurable: {thread_id, checkpoint_ns, checkpoint_id}}}, checkpoint metadata keeps {@code source, step,
 * parents}, and a message chunk's metadata keeps LangGraph's own keys. Equal behaviour therefore gives equal frames.
 */
final class FrameNormaliser {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern HEX32 = Pattern.compile("\\b[0-9a-f]{32}\\b");
    private static final List<String> MESSAGE_METADATA = List.of("langgraph_step", "langgraph_node",
            "langgraph_triggers", "langgraph_path", "langgraph_checkpoint_ns", "checkpoint_ns");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CaseNormaliser ids;
    private final Map<String, String> taskLabels = new LinkedHashMap<>();

    FrameNormaliser(CaseNormaliser ids) {
        this.ids = ids;
    }

    /** One frame as {@code [event, data]}, normalised. */
    Object frame(String thread, String event, Object data) {
        Object plain = JSON.convertValue(data, Object.class); // records, Interrupts and the like as plain JSON
        String mode = event.contains("|") ? event.substring(0, event.indexOf('|')) : event;
        Object shaped = switch (mode) {
            case "checkpoints" -> checkpoint(thread, map(plain));
            case "debug" -> debug(thread, map(plain));
            case "messages" -> message((List<?>) plain);
            default -> plain;
        };
        return labels(List.of(event, shaped));
    }

    private Object debug(String thread, Map<String, Object> debug) {
        debug.remove("timestamp");
        if ("checkpoint".equals(debug.get("type"))) {
            debug.put("payload", checkpoint(thread, map(debug.get("payload"))));
        }
        return debug;
    }

    private Object checkpoint(String thread, Map<String, Object> payload) {
        Map<String, Object> out = new LinkedHashMap<>(payload);
        out.put("config", config(thread, payload.get("config")));
        if (payload.containsKey("parent_config")) {
            out.put("parent_config", config(thread, payload.get("parent_config")));
        }
        for (String key : List.of("checkpoint", "parent_checkpoint")) {
            if (payload.get(key) instanceof Map<?, ?> ref) {
                Map<String, Object> r = map(ref);
                r.put("checkpoint_id", index(thread, (String) r.get("checkpoint_ns"), (String) r.get("checkpoint_id")));
                out.put(key, r);
            }
        }
        if (payload.get("metadata") instanceof Map<?, ?> metadata) {
            Map<String, Object> kept = new LinkedHashMap<>();
            kept.put("source", metadata.get("source"));
            kept.put("step", metadata.get("step"));
            Map<String, Object> parents = new LinkedHashMap<>();
            if (metadata.get("parents") instanceof Map<?, ?> p) {
                p.forEach((ns, id) -> parents.put((String) ns, index(thread, (String) ns, (String) id)));
            }
            kept.put("parents", parents);
            out.put("metadata", kept);
        }
        return out;
    }

    private Object config(String thread, Object config) {
        if (!(config instanceof Map<?, ?> c) || !(c.get("configurable") instanceof Map<?, ?> configurable)) {
            return config;
        }
        String ns = configurable.get("checkpoint_ns") == null ? "" : (String) configurable.get("checkpoint_ns");
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("thread_id", configurable.get("thread_id"));
        kept.put("checkpoint_ns", ns);
        kept.put("checkpoint_id", index(thread, ns, (String) configurable.get("checkpoint_id")));
        return Map.of("configurable", kept);
    }

    private Integer index(String thread, String ns, String id) {
        if (id == null) {
            return null;
        }
        int index = ids.checkpointIds(thread, ns == null ? "" : ns).indexOf(id);
        if (index < 0) {
            throw new IllegalStateException("checkpoint " + id + " is not in thread " + thread + " namespace " + ns);
        }
        return index;
    }

    private static Object message(List<?> tuple) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        Map<?, ?> all = (Map<?, ?>) tuple.get(1);
        for (String key : MESSAGE_METADATA) {
            if (all.containsKey(key)) {
                metadata.put(key, all.get(key));
            }
        }
        return List.of(tuple.get(0), metadata);
    }

    /** Replaces ids in every string, walking objects in sorted key order (so labels do not depend on key order). */
    private Object labels(Object value) {
        return switch (value) {
            case String text -> label(text);
            case List<?> list -> {
                List<Object> out = new ArrayList<>();
                list.forEach(v -> out.add(labels(v)));
                yield out;
            }
            case Map<?, ?> map -> {
                Map<String, Object> labelled = new LinkedHashMap<>();
                for (Object key : new TreeSet<>(map.keySet())) {
                    labelled.put((String) key, labels(map.get(key)));
                }
                Map<String, Object> out = new LinkedHashMap<>();
                map.keySet().forEach(k -> out.put((String) k, labelled.get(k)));
                yield out;
            }
            case null, default -> value;
        };
    }

    private String label(String text) {
        String tasks = replace(UUID, text, id -> taskLabels.computeIfAbsent(id, k -> "task-" + taskLabels.size()));
        return replace(HEX32, tasks, ids::interruptLabel);
    }

    private static String replace(Pattern pattern, String text, UnaryOperator<String> replacement) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return new LinkedHashMap<>((Map<String, Object>) value);
    }
}
