package dev.kgraph.graph.internals;

import dev.kgraph.graph.Checkpoint;
import dev.kgraph.graph.CheckpointMetadata;
import dev.kgraph.graph.CheckpointSaver;
import dev.kgraph.graph.CheckpointTuple;
import dev.kgraph.graph.InvalidUpdateError;
import dev.kgraph.graph.NodeContext;
import dev.kgraph.graph.RunConfig;
import dev.kgraph.graph.TaskPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * LangGraph's update_state: applies {@code values} as if node {@code asNode} had returned them (its edges and
 * routers included), writing a checkpoint with source {@code update} whose parent is the checkpoint the update was
 * applied to. Updating an older checkpoint therefore forks the thread (LangGraph.js 1.x also says "update" there).
 */
public final class UpdateState {

    private UpdateState() {}

    public static CheckpointTuple update(GraphSpec graph, CheckpointSaver saver, RunConfig config, Object values,
                                         String asNode) {
        if (saver == null || config.threadId() == null) {
            throw new dev.kgraph.graph.GraphValueError("updateState needs a checkpoint saver and a thread id");
        }
        String ns = config.checkpointNs();
        Optional<CheckpointTuple> saved = saver.get(config.threadId(), ns, config.checkpointId());
        Map<String, Chan> channels = graph.channels(saved.map(t -> t.checkpoint().channelValues()).orElse(null));
        Map<String, Object> versions = new LinkedHashMap<>(
                saved.map(t -> t.checkpoint().channelVersions()).orElse(Map.of()));
        Map<String, Map<String, Object>> seen = new LinkedHashMap<>(
                saved.map(t -> t.checkpoint().versionsSeen()).orElse(Map.of()));
        int step = saved.map(t -> t.metadata().step()).orElse(-1) + 1;
        String node = asNode != null ? asNode : lastNode(graph, seen);
        if (!graph.nodes.containsKey(node)) {
            throw new InvalidUpdateError("Node " + node + " does not exist");
        }
        NodeSpec spec = graph.nodes.get(node);
        Task task = new Task(PendingWriteIds.UPDATE_TASK, node, List.of(), "~", List.of(Names.INTERRUPT), values, spec,
                node, step);
        Map<String, Object> state = graph.readState(channels);
        try {
            Object update = Names.START.equals(node) ? NodeOutput.startUpdate(values) : values;
            NodeOutput.collect(graph, task, update, state, new UpdateContext(config, node, step));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidUpdateError("Router failed during updateState: " + e.getMessage());
        }
        WriteApplier.apply(channels, versions, seen, List.of(task), null);
        String id = LangGraphIds.checkpointId(step);
        Checkpoint cp = new Checkpoint(Checkpoint.VERSION, id, LangGraphIds.nowIso(), GraphSpec.checkpointValues(channels),
                new LinkedHashMap<>(versions), new LinkedHashMap<>(seen));
        Map<String, Object> writes = new LinkedHashMap<>();
        writes.put(node, values);
        CheckpointMetadata meta = new CheckpointMetadata("update", step, writes, Map.of(),
                config.metadata());
        List<Task> next = TaskPlanner.plan(graph, channels, versions, seen, id, step + 1, ns, graph.readState(channels));
        List<TaskPlan> plans = new ArrayList<>(next.size());
        for (Task t : next) {
            plans.add(new TaskPlan(t.id, t.name, t.path));
        }
        CheckpointTuple tuple = new CheckpointTuple(config.threadId(), ns, cp, meta,
                saved.map(CheckpointTuple::checkpointId).orElse(null), List.of(), plans);
        saver.put(tuple).join();
        return tuple;
    }

    /** The node that wrote last (highest version it has seen); START when nothing ran yet. */
    private static String lastNode(GraphSpec graph, Map<String, Map<String, Object>> seen) {
        String best = null;
        long bestVersion = -1;
        boolean tie = false;
        for (Map.Entry<String, Map<String, Object>> e : seen.entrySet()) {
            if (!graph.nodes.containsKey(e.getKey())) {
                continue;
            }
            long v = 0;
            for (Object o : e.getValue().values()) {
                v = Math.max(v, TaskPlanner.version(o));
            }
            if (v > bestVersion) {
                best = e.getKey();
                bestVersion = v;
                tie = false;
            } else if (v == bestVersion) {
                tie = true;
            }
        }
        if (best == null) {
            return Names.START;
        }
        if (tie) {
            throw new InvalidUpdateError("Ambiguous update, specify asNode");
        }
        return best;
    }

    private static final class PendingWriteIds {
        static final String UPDATE_TASK = "00000000-0000-0000-0000-000000000001";
    }

    /** Context for routers evaluated by an update: no interrupts, no stream. */
    private record UpdateContext(RunConfig config, String node, int step) implements NodeContext {
        @Override public Object interrupt(Object value) {
            throw new InvalidUpdateError("interrupt() is not available while updating state");
        }
        @Override public void emit(Object custom) { }
        @Override public void emitMessageChunk(String messageId, String content) { }
        @Override public Map<String, Object> context() { return config.context(); }
        @Override public String taskId() { return PendingWriteIds.UPDATE_TASK; }
        @Override public List<String> namespace() { return List.of(); }
        @Override public boolean cancelled() { return false; }
        @Override public void sleep(Duration d) { }
    }
}
