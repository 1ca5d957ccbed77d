package dev.kgraph.worker.execution;

import dev.kgraph.graph.CheckpointEvent;
import dev.kgraph.graph.CheckpointTuple;
import dev.kgraph.graph.CustomEvent;
import dev.kgraph.graph.Interrupt;
import dev.kgraph.graph.MessageChunkEvent;
import dev.kgraph.graph.StateSnapshot;
import dev.kgraph.graph.StateSnapshots;
import dev.kgraph.graph.StreamEvent;
import dev.kgraph.graph.TaskFinishedEvent;
import dev.kgraph.graph.TaskStartedEvent;
import dev.kgraph.graph.TaskView;
import dev.kgraph.graph.UpdatesEvent;
import dev.kgraph.graph.ValuesEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the graph runtime's stream events into the API's SSE events (name and data) for the stream modes a run
 * asked for, in LangGraph Platform's shapes: {@code values}, {@code updates}, {@code custom}, {@code tasks},
 * {@code checkpoints}, {@code debug}, {@code messages-tuple} (event {@code messages}, data {@code [chunk,
 * metadata]}) and {@code messages} ({@code messages/metadata} for a new message id, then {@code messages/partial}
 * with the message accumulated so far, {@code messages/complete} when a node returns it).
 *
 * <p>Interrupts follow the Python server: {@code {"__interrupt__": [...]}} is an {@code updates} event when
 * {@code updates} was asked for, else a {@code values} event when it carries interrupts (an empty one, a static
 * breakpoint, is then dropped). Subgraph events (non-empty namespace) are named {@code <mode>|<ns1>|<ns2>} with
 * {@code stream_subgraphs}, and dropped without it (custom events too, as in Python's LangGraph, whose subgraph
 * stream writer is a no-op then; LangGraph.js passes them on). Not thread-safe: the caller serialises calls.
 */
final class StreamTranslator {
    private static final Set<String> MESSAGE_TYPES = Set.of("ai", "human", "system", "tool", "AIMessageChunk",
            "AIMessage", "HumanMessage", "SystemMessage", "ToolMessage");

    private final Set<String> modes;
    private final boolean subgraphs;
    private final Clock clock;
    private final Map<String, Object> runMetadata;
    private final Map<String, Map<String, Object>> partials = new HashMap<>();
    private final Set<String> streamedIds = new java.util.HashSet<>();
    private boolean interruptSent;

    /** One SSE event: its name and its data (plain JSON values). */
    record Frame(String event, Object data) {
    }

    StreamTranslator(Set<String> modes, boolean subgraphs, Map<String, Object> runMetadata, Clock clock) {
        this.modes = modes;
        this.subgraphs = subgraphs;
        this.runMetadata = runMetadata;
        this.clock = clock;
    }

    List<Frame> translate(StreamEvent event) {
        var out = new ArrayList<Frame>();
        if (!event.namespace().isEmpty() && !subgraphs) {
            return out;
        }
        String suffix = event.namespace().isEmpty() ? "" : "|" + String.join("|", event.namespace());
        switch (event) {
            case ValuesEvent v -> add(out, "values", suffix, v.values());
            case UpdatesEvent u -> updates(out, suffix, u);
            case CustomEvent c -> add(out, "custom", suffix, c.payload());
            case TaskStartedEvent t -> taskStarted(out, suffix, t);
            case TaskFinishedEvent t -> taskFinished(out, suffix, t);
            case CheckpointEvent c -> checkpoint(out, suffix, c.tuple());
            case MessageChunkEvent m -> messageChunk(out, suffix, m);
        }
        return out;
    }

    /** The {@code {"__interrupt__": []}} of a static breakpoint, which only {@code updates} shows. */
    List<Frame> staticBreakpoint() {
        if (interruptSent || !modes.contains("updates")) {
            return List.of();
        }
        return List.of(new Frame("updates", Map.of("__interrupt__", List.of())));
    }

    private void add(List<Frame> out, String mode, String suffix, Object data) {
        if (modes.contains(mode)) {
            out.add(new Frame(mode + suffix, data));
        }
    }

    private void updates(List<Frame> out, String suffix, UpdatesEvent u) {
        if ("__interrupt__".equals(u.node())) {
            var interrupts = new ArrayList<Object>();
            if (u.update() instanceof List<?> list) {
                list.forEach(i -> interrupts.add(i instanceof Interrupt interrupt ? interrupt.toJson() : i));
            }
            var data = Map.<String, Object>of("__interrupt__", interrupts);
            if (modes.contains("updates")) {
                out.add(new Frame("updates" + suffix, data));
                interruptSent = true;
            } else if (!interrupts.isEmpty()) {
                out.add(new Frame("values" + suffix, data));
                interruptSent = true;
            }
            return;
        }
        var update = new LinkedHashMap<String, Object>();
        update.put(u.node(), u.update());
        add(out, "updates", suffix, update);
        if (modes.contains("messages") || modes.contains("messages-tuple")) {
            completedMessages(out, suffix, u);
        }
    }

    private void taskStarted(List<Frame> out, String suffix, TaskStartedEvent t) {
        if (t.name().startsWith("__")) {
            return; // LangGraph hides its own tasks (__start__) from tasks and debug
        }
        var payload = new LinkedHashMap<String, Object>();
        payload.put("id", t.id());
        payload.put("name", t.name());
        payload.put("input", t.input());
        payload.put("triggers", t.triggers());
        payload.put("interrupts", List.of());
        add(out, "tasks", suffix, payload);
        debug(out, suffix, "task", t.step(), payload);
    }

    private void taskFinished(List<Frame> out, String suffix, TaskFinishedEvent t) {
        if (t.name().startsWith("__")) {
            return;
        }
        var payload = new LinkedHashMap<String, Object>();
        payload.put("id", t.id());
        payload.put("name", t.name());
        // An interrupted task wrote nothing: LangGraph's result of no writes is {}, not null.
        payload.put("result", t.result() == null && t.error() == null ? Map.of() : t.result());
        var interrupts = new ArrayList<Object>();
        t.interrupts().forEach(i -> interrupts.add(i.toJson()));
        payload.put("interrupts", interrupts);
        payload.put("error", t.error() == null ? null : t.error().message());
        add(out, "tasks", suffix, payload);
        debug(out, suffix, "task_result", t.step(), payload);
    }

    private void checkpoint(List<Frame> out, String suffix, CheckpointTuple tuple) {
        if (!modes.contains("checkpoints") && !modes.contains("debug")) {
            return;
        }
        StateSnapshot snapshot = StateSnapshots.of(tuple);
        var payload = new LinkedHashMap<String, Object>();
        payload.put("config", config(snapshot.checkpoint() == null ? null : snapshot.checkpoint().toJson()));
        payload.put("parent_config", snapshot.parentCheckpoint() == null ? null
                : config(snapshot.parentCheckpoint().toJson()));
        payload.put("values", snapshot.values());
        payload.put("metadata", snapshot.metadata());
        payload.put("next", snapshot.next());
        var tasks = new ArrayList<Object>();
        for (TaskView task : snapshot.tasks()) {
            var view = new LinkedHashMap<String, Object>();
            view.put("id", task.id());
            view.put("name", task.name());
            var interrupts = new ArrayList<Object>();
            task.interrupts().forEach(i -> interrupts.add(i.toJson()));
            view.put("interrupts", interrupts);
            tasks.add(view);
        }
        payload.put("tasks", tasks);
        // The checkpoints mode sends LangGraph's payload as it is; debug's adds checkpoint and parent_checkpoint
        // (the servers' _preprocess_debug_checkpoint).
        add(out, "checkpoints", suffix, new LinkedHashMap<>(payload));
        payload.put("checkpoint", snapshot.checkpoint() == null ? null : snapshot.checkpoint().toJson());
        payload.put("parent_checkpoint", snapshot.parentCheckpoint() == null ? null
                : snapshot.parentCheckpoint().toJson());
        int step = tuple.metadata() == null ? 0 : tuple.metadata().step();
        debug(out, suffix, "checkpoint", step, payload);
    }

    private static Map<String, Object> config(Map<String, Object> checkpoint) {
        if (checkpoint == null) {
            return null;
        }
        var configurable = new LinkedHashMap<String, Object>();
        configurable.put("thread_id", checkpoint.get("thread_id"));
        configurable.put("checkpoint_ns", checkpoint.get("checkpoint_ns"));
        configurable.put("checkpoint_id", checkpoint.get("checkpoint_id"));
        return Map.of("configurable", configurable);
    }

    private void debug(List<Frame> out, String suffix, String type, int step, Object payload) {
        if (!modes.contains("debug")) {
            return;
        }
        var data = new LinkedHashMap<String, Object>();
        data.put("step", step);
        data.put("type", type);
        data.put("timestamp", clock.instant().toString());
        data.put("payload", payload);
        out.add(new Frame("debug" + suffix, data));
    }

    private void messageChunk(List<Frame> out, String suffix, MessageChunkEvent m) {
        String id = String.valueOf(m.chunk().get("id"));
        streamedIds.add(id);
        if (modes.contains("messages-tuple")) {
            out.add(new Frame("messages" + suffix, List.of(m.chunk(), m.metadata())));
        }
        if (modes.contains("messages")) {
            var partial = partials.get(id);
            if (partial == null) {
                out.add(new Frame("messages/metadata" + suffix, Map.of(id, Map.of("metadata", m.metadata()))));
                partial = new LinkedHashMap<>(m.chunk());
                partial.put("type", "ai");
                partials.put(id, partial);
            } else {
                partial.put("content", String.valueOf(partial.get("content")) + m.chunk().get("content"));
            }
            out.add(new Frame("messages/partial" + suffix, List.of(new LinkedHashMap<>(partial))));
        }
    }

    /**
     * Messages a node returned ({@code {type, content, ...}} maps in a list of its update): {@code messages/complete}
     * each, after a {@code messages/metadata} when it was not streamed; for {@code messages-tuple}, only those not
     * streamed as chunks, as LangGraph's messages handler does.
     */
    private void completedMessages(List<Frame> out, String suffix, UpdatesEvent u) {
        if (!(u.update() instanceof Map<?, ?> update)) {
            return;
        }
        for (Object value : update.values()) {
            if (!(value instanceof List<?> list)) {
                continue;
            }
            for (Object item : list) {
                if (item instanceof Map<?, ?> message && message.get("type") instanceof String type
                        && MESSAGE_TYPES.contains(type) && message.containsKey("content")) {
                    completed(out, suffix, u.node(), message);
                }
            }
        }
    }

    private void completed(List<Frame> out, String suffix, String node, Map<?, ?> message) {
        String id = message.get("id") == null ? null : String.valueOf(message.get("id"));
        boolean streamed = id != null && streamedIds.contains(id);
        var metadata = new LinkedHashMap<String, Object>(runMetadata);
        metadata.put("langgraph_node", node);
        if (modes.contains("messages-tuple") && !streamed) {
            out.add(new Frame("messages" + suffix, List.of(message, metadata)));
        }
        if (modes.contains("messages")) {
            if (!streamed && id != null) {
                out.add(new Frame("messages/metadata" + suffix, Map.of(id, Map.of("metadata", metadata))));
            }
            out.add(new Frame("messages/complete" + suffix, List.of(message)));
        }
    }
}
