package dev.kgraph.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task of a state snapshot. {@code error} is null or, as the LangGraph API shows it, a JSON string
 * {@code {"message": ..., "name": ...}}; {@code result} is the finished task's update (history), else null.
 */
public record TaskView(String id, String name, Object error, List<Interrupt> interrupts, Object state, Object result,
                       List<Object> path, CheckpointRef checkpoint) {

    public TaskView(String id, String name, Object error, List<Interrupt> interrupts, Object state, Object result) {
        this(id, name, error, interrupts, state, result, List.of(), null);
    }

    /** JSON in the key order of the Platform API: id, name, error, interrupts, path, checkpoint, state, result. */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("name", name);
        out.put("error", error);
        List<Object> ints = new ArrayList<>();
        for (Interrupt i : interrupts) {
            ints.add(i.toJson());
        }
        out.put("interrupts", ints);
        out.put("path", path);
        out.put("checkpoint", checkpoint == null ? null : checkpoint.toJson());
        out.put("state", state);
        out.put("result", result);
        return out;
    }
}
