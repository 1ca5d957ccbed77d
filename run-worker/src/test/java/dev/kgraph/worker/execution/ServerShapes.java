package dev.kgraph.worker.execution;

import dev.kgraph.graph.golden.JsonValues;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * LangGraph.js's stream chunks ({@code [namespace, mode, chunk]}, as recorded in the golden files) turned into the SSE
 * frames ({@code [event, data]}) an API server sends for them: event {@code mode}, or {@code mode|ns1|ns2} for a
 * subgraph's chunk; the library's {@code messages} is the server's {@code messages-tuple} (event {@code messages});
 * a {@code debug} checkpoint carries {@code parent_config}, {@code checkpoint} and {@code parent_checkpoint}, as
 * both servers' {@code _preprocess_debug_checkpoint} add. Where the Python server differs from the JS one, the Python
 * server's rule is applied (ours follows it), and each place where our server differs from both on purpose or by a
 * known, accepted gap is a {@link Known} entry, applied here with its reason rather than by loosening the comparison.
 */
final class ServerShapes {

    /** The known differences, by name (also listed in golden/README.md and docs/streaming.md "Limits"). */
    enum Known {
        /**
         * Python server rule, followed on purpose: an interrupt is an {@code updates} event when updates was asked for
         * and otherwise a {@code values} event only when it carries interrupts; LangGraph.js (and the JS server) also
         * sends {@code values {"__interrupt__": [...]}} after the updates one, and for a breakpoint's empty list.
         */
        INTERRUPT_AS_VALUES_ONLY_WITHOUT_UPDATES,
        /**
         * Python's message serialisation, followed on purpose: a streamed chunk is typed {@code AIMessageChunk}
         * (Python's {@code model_dump}); the JS server writes {@code toDict()}'s type, {@code ai}.
         */
        MESSAGE_CHUNK_TYPE,
        /**
         * LangGraph.js copies the run's metadata ({@code ls_integration}, ...) into a task start payload
         * ({@code tasks}, {@code debug} task); Python's payload has none, nor has ours.
         */
        TASK_START_METADATA,
        /** LangGraph.js lists a pending task's {@code path} in a checkpoint payload; Python's and ours have none. */
        CHECKPOINT_TASK_PATH,
        /**
         * Not built: a subgraph task in a checkpoint payload carries {@code state} (its subgraph's config; the servers
         * turn it into {@code checkpoint} in debug) in LangGraph; ours has none, because the stored task plans do not
         * say which nodes run subgraphs.
         */
        SUBGRAPH_TASK_STATE,
        /**
         * On purpose: our graphs' state is plain JSON, so a message a node returns is a dict ({@code {type: "ai",
         * content, id}}), and messages-tuple sends it as {@code [message, {langgraph_node}]} when it was not streamed
         * where the client can see it, as LangGraph does for a returned message object. LangGraph.js only counts
         * message objects, so the golden graphs' plain dicts give no such chunk there.
         */
        RETURNED_MESSAGE_DICTS,
        /**
         * LangGraph.js's stream rejects before yielding the chunks queued in the failing step (the failing task's
         * tasks/debug start and result), so the golden file has none; our server sends them before the error (the
         * Python server does too). Applied in GoldenStreamTests: after a failed run, the frames beyond the golden
         * ones may only be those.
         */
        FAILED_STEP_TASK_EVENTS,
        /**
         * Python's rule, followed on purpose: without subgraphs, a subgraph node's custom events are dropped (Python's
         * subgraph stream writer is a no-op unless the parent streams subgraphs); LangGraph.js passes them on without
         * their namespace. LangGraph.js's chunk does not say which node sent it, so the test tells ServerShapes which
         * custom payloads the Java runtime sent from inside a subgraph.
         */
        SUBGRAPH_CUSTOM_WITHOUT_SUBGRAPHS,
    }

    private static final Set<String> MESSAGE_TYPES = Set.of("ai", "human", "system", "tool");

    /** A chunk the server does not send. */
    private static final Object DROPPED = new Object();

    private final List<String> modes;
    /** Ids of messages whose chunks the client saw ({@link Known#RETURNED_MESSAGE_DICTS}). */
    private final Set<Object> streamedIds = new HashSet<>();

    /** Custom payloads sent inside a subgraph, in order, when subgraphs are off (SUBGRAPH_CUSTOM_WITHOUT_SUBGRAPHS). */
    private final Deque<Object> hiddenCustom;

    ServerShapes(List<String> modes, List<Object> subgraphCustomWithoutSubgraphs) {
        this.modes = modes;
        this.hiddenCustom = new ArrayDeque<>(subgraphCustomWithoutSubgraphs);
    }

    List<Object> frames(List<List<Object>> chunks) {
        List<Object> out = new ArrayList<>();
        for (List<Object> chunk : chunks) {
            @SuppressWarnings("unchecked")
            List<String> ns = (List<String>) chunk.get(0);
            String mode = (String) chunk.get(1);
            Object data = chunk.get(2);
            String suffix = ns.isEmpty() ? "" : "|" + String.join("|", ns);
            Object mapped = switch (mode) {
                case "values" -> values(data);
                case "messages" -> messages(data);
                case "tasks" -> task(data);
                case "checkpoints" -> checkpoint(data, false);
                case "debug" -> debug(data);
                case "custom" -> custom(data);
                default -> data;
            };
            if (mapped != DROPPED) {
                out.add(List.of(mode + suffix, mapped));
            }
            if ("messages".equals(mode)) {
                streamedIds.add(((Map<?, ?>) ((List<?>) data).get(0)).get("id"));
            }
            if ("updates".equals(mode) && modes.contains("messages")) {
                returnedMessages(out, suffix, data);
            }
        }
        return out;
    }

    /** {@link Known#RETURNED_MESSAGE_DICTS}: what StreamTranslator adds for message dicts in a node's update. */
    private void returnedMessages(List<Object> out, String suffix, Object data) {
        for (Map.Entry<?, ?> node : ((Map<?, ?>) data).entrySet()) {
            if (!(node.getValue() instanceof Map<?, ?> update)) {
                continue;
            }
            for (Object value : update.values()) {
                if (!(value instanceof List<?> list)) {
                    continue;
                }
                for (Object item : list) {
                    if (item instanceof Map<?, ?> message && MESSAGE_TYPES.contains(message.get("type"))
                            && message.containsKey("content") && !streamedIds.contains(message.get("id"))) {
                        out.add(List.of("messages" + suffix, List.of(message, Map.of("langgraph_node", node.getKey()))));
                    }
                }
            }
        }
    }

    /** {@link Known#INTERRUPT_AS_VALUES_ONLY_WITHOUT_UPDATES}. */
    private Object values(Object data) {
        if (data instanceof Map<?, ?> values && values.containsKey("__interrupt__")) {
            boolean empty = values.get("__interrupt__") instanceof List<?> list && list.isEmpty();
            return modes.contains("updates") || empty ? DROPPED : data;
        }
        return data;
    }

    /** {@link Known#SUBGRAPH_CUSTOM_WITHOUT_SUBGRAPHS}: the next payload sent inside a subgraph is dropped. */
    private Object custom(Object data) {
        if (!hiddenCustom.isEmpty()
                && Objects.equals(JsonValues.canonical(hiddenCustom.peek()), JsonValues.canonical(data))) {
            hiddenCustom.pop();
            return DROPPED;
        }
        return data;
    }

    /** {@link Known#MESSAGE_CHUNK_TYPE}: the chunks of golden graphs are all AI message chunks. */
    private static Object messages(Object data) {
        List<?> tuple = (List<?>) data;
        Map<String, Object> message = copy(tuple.get(0));
        if ("ai".equals(message.get("type"))) {
            message.put("type", "AIMessageChunk");
        }
        return List.of(message, tuple.get(1));
    }

    /** {@link Known#TASK_START_METADATA}. */
    private static Object task(Object data) {
        Map<String, Object> task = copy(data);
        if (task.containsKey("input")) {
            task.remove("metadata");
        }
        return task;
    }

    /**
     * The library's checkpoint payload as the Python server sends it (JS's camelCase parentConfig renamed as Python's
     * parent_config); a debug one also gets {@code checkpoint} and {@code parent_checkpoint}
     * ({@code _preprocess_debug_checkpoint}), a {@code checkpoints} one goes out as the library made it.
     */
    private static Object checkpoint(Object data, boolean debug) {
        Map<String, Object> payload = copy(data);
        Object parentConfig = payload.containsKey("parentConfig") ? payload.remove("parentConfig") : null;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("config", payload.get("config"));
        out.put("parent_config", parentConfig);
        out.put("values", payload.get("values"));
        out.put("metadata", payload.get("metadata"));
        out.put("next", payload.get("next"));
        List<Object> tasks = new ArrayList<>();
        for (Object t : (List<?>) payload.get("tasks")) {
            Map<String, Object> task = copy(t);
            task.remove("path"); // Known.CHECKPOINT_TASK_PATH
            task.remove("state"); // Known.SUBGRAPH_TASK_STATE
            tasks.add(task);
        }
        out.put("tasks", tasks);
        if (debug) {
            out.put("checkpoint", checkpointOf(payload.get("config")));
            out.put("parent_checkpoint", checkpointOf(parentConfig));
        }
        return out;
    }

    private static Object debug(Object data) {
        Map<String, Object> debug = copy(data);
        switch (String.valueOf(debug.get("type"))) {
            case "checkpoint" -> debug.put("payload", checkpoint(debug.get("payload"), true));
            case "task" -> debug.put("payload", task(debug.get("payload")));
            default -> { }
        }
        return debug;
    }

    /** The JS server's runnableConfigToCheckpoint (Python's runnable_config_to_checkpoint). */
    private static Object checkpointOf(Object config) {
        if (!(config instanceof Map<?, ?> c) || !(c.get("configurable") instanceof Map<?, ?> configurable)
                || configurable.get("checkpoint_id") == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("thread_id", configurable.get("thread_id"));
        out.put("checkpoint_ns", configurable.get("checkpoint_ns") == null ? "" : configurable.get("checkpoint_ns"));
        out.put("checkpoint_id", configurable.get("checkpoint_id"));
        out.put("checkpoint_map", null);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Object map) {
        return new LinkedHashMap<>((Map<String, Object>) map);
    }
}
