package dev.kgraph.graph;

import java.util.LinkedHashMap;
import java.util.Map;

/** A pending dynamic interrupt: {@code id} (32 hex chars) addresses it when resuming by id. JSON {@code {"value","id"}}. */
public record Interrupt(String id, Object value) {
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", value);
        out.put("id", id);
        return out;
    }
}
