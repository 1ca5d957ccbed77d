package dev.kgraph.graph;

import java.util.LinkedHashMap;
import java.util.Map;

/** Addresses a checkpoint; JSON {@code {thread_id, checkpoint_ns, checkpoint_id, checkpoint_map: null}}. */
public record CheckpointRef(String threadId, String checkpointNs, String checkpointId) {
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("thread_id", threadId);
        out.put("checkpoint_ns", checkpointNs);
        out.put("checkpoint_id", checkpointId);
        out.put("checkpoint_map", null);
        return out;
    }
}
