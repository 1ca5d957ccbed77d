package dev.kgraph.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A thread's state at one checkpoint, in the shape of {@code GET /threads/{id}/state} and history items.
 * {@code metadata} and {@code createdAt} are null for a thread without checkpoints.
 */
public record StateSnapshot(Map<String, Object> values, List<String> next, List<TaskView> tasks,
                            Map<String, Object> metadata, String createdAt, CheckpointRef checkpoint,
                            CheckpointRef parentCheckpoint, List<Interrupt> interrupts) {

    /** The snapshot of a thread that has no checkpoint. */
    public static StateSnapshot empty() {
        return new StateSnapshot(Map.of(), List.of(), List.of(), null, null, null, null, List.of());
    }

    /**
     * JSON as LangGraph.js's server returns it: values, next, tasks, metadata (left out when null), created_at,
     * checkpoint, parent_checkpoint. {@code interrupts} is left out (see {@link #toJsonWithInterrupts()}).
     */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("values", values);
        out.put("next", next);
        List<Object> ts = new ArrayList<>();
        for (TaskView t : tasks) {
            ts.add(t.toJson());
        }
        out.put("tasks", ts);
        if (metadata != null) {
            out.put("metadata", metadata);
        }
        out.put("created_at", createdAt);
        out.put("checkpoint", checkpoint == null ? null : checkpoint.toJson());
        out.put("parent_checkpoint", parentCheckpoint == null ? null : parentCheckpoint.toJson());
        return out;
    }

    /** {@link #toJson()} plus {@code interrupts} (the Python server's shape). */
    public Map<String, Object> toJsonWithInterrupts() {
        Map<String, Object> out = toJson();
        List<Object> ints = new ArrayList<>();
        for (Interrupt i : interrupts) {
            ints.add(i.toJson());
        }
        out.put("interrupts", ints);
        return out;
    }
}
