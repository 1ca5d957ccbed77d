package dev.kgraph.graph.internals;

import dev.kgraph.graph.CheckpointRef;
import dev.kgraph.graph.CheckpointTuple;
import dev.kgraph.graph.Interrupt;
import dev.kgraph.graph.PendingWrite;
import dev.kgraph.graph.StateSnapshot;
import dev.kgraph.graph.StateSnapshots;
import dev.kgraph.graph.TaskPlan;
import dev.kgraph.graph.TaskView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Graph-aware state snapshots, exactly as LangGraph's getState: Command-input writes saved against the checkpoint
 * are applied to the values; with {@code applyPendingWrites} (the latest checkpoint) the saved writes of finished
 * tasks are applied too and those tasks leave {@code next}. A subgraph task's {@code state} addresses the
 * subgraph's own checkpoints ({@code {configurable: {thread_id, checkpoint_ns}}}).
 */
public final class SnapshotBuilder {

    private SnapshotBuilder() {}

    public static StateSnapshot snapshot(GraphSpec graph, CheckpointTuple t, boolean applyPendingWrites) {
        Map<String, Chan> channels = graph.channels(t.checkpoint().channelValues());
        Map<String, Object> versions = new LinkedHashMap<>(t.checkpoint().channelVersions());
        Map<String, Map<String, Object>> seen = new LinkedHashMap<>(t.checkpoint().versionsSeen());
        List<Write> nullWrites = new ArrayList<>();
        for (PendingWrite w : t.pendingWrites()) {
            if (PendingWrite.NULL_TASK_ID.equals(w.taskId())) {
                nullWrites.add(new Write(w.channel(), w.value()));
            }
        }
        if (!nullWrites.isEmpty()) {
            WriteApplier.apply(channels, versions, seen, List.of(), nullWrites);
        }
        List<Task> tasks = TaskPlanner.plan(graph, channels, versions, seen, t.checkpointId(),
                t.metadata().step() + 1, t.checkpointNs(), graph.readState(channels));
        if (applyPendingWrites && !t.pendingWrites().isEmpty()) {
            Map<String, Task> byId = new LinkedHashMap<>();
            for (Task task : tasks) {
                byId.put(task.id, task);
            }
            for (PendingWrite w : t.pendingWrites()) {
                Task task = byId.get(w.taskId());
                if (task != null && !Names.ERROR.equals(w.channel()) && !Names.INTERRUPT.equals(w.channel())) {
                    task.writes.add(new Write(w.channel(), w.value()));
                }
            }
            List<Task> withWrites = tasks.stream().filter(x -> !x.writes.isEmpty()).toList();
            if (!withWrites.isEmpty()) {
                WriteApplier.apply(channels, versions, seen, withWrites, null);
            }
        }
        List<String> next = new ArrayList<>();
        List<TaskView> views = new ArrayList<>();
        List<Interrupt> interrupts = new ArrayList<>();
        for (Task task : tasks) {
            if (task.writes.isEmpty()) {
                next.add(task.name);
            }
            TaskView view = StateSnapshots.taskView(new TaskPlan(task.id, task.name, task.path), t.pendingWrites());
            if (task.node.fn() instanceof SubgraphNode) {
                Map<String, Object> configurable = new LinkedHashMap<>();
                configurable.put("thread_id", t.threadId());
                configurable.put("checkpoint_ns", task.checkpointNs);
                view = new TaskView(view.id(), view.name(), view.error(), view.interrupts(),
                        Map.of("configurable", configurable), view.result(), view.path(), view.checkpoint());
            }
            interrupts.addAll(view.interrupts());
            views.add(view);
        }
        CheckpointRef ref = new CheckpointRef(t.threadId(), t.checkpointNs(), t.checkpointId());
        CheckpointRef parent = t.parentCheckpointId() == null ? null
                : new CheckpointRef(t.threadId(), t.checkpointNs(), t.parentCheckpointId());
        return new StateSnapshot(graph.readState(channels), next, views, t.metadata().toJson(), t.checkpoint().ts(),
                ref, parent, interrupts);
    }
}
