package dev.kgraph.graph;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a checkpoint exists.
 *
 * @param source  {@code input} (a run's input, step -1 on a new thread), {@code loop} (a superstep),
 *                {@code update} (updateState), {@code fork} (replay from / update of an older checkpoint)
 * @param writes  what produced it: {@code {"__start__": input}} for input, {@code {node: update}} for a superstep, may be null
 * @param parents checkpoint ids of enclosing graphs by namespace (empty at top level)
 * @param extra   run metadata merged in (run_id, graph_id, ...)
 */
public record CheckpointMetadata(String source, int step, Map<String, Object> writes, Map<String, String> parents,
                                 Map<String, Object> extra) {

    public CheckpointMetadata {
        parents = parents == null ? Map.of() : parents;
        extra = extra == null ? Map.of() : extra;
    }

    /** LangGraph's flat metadata map: run metadata first, then source, step, parents (writes are left out as in LangGraph.js 1.x). */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>(extra);
        out.put("source", source);
        out.put("step", step);
        out.put("parents", new LinkedHashMap<>(parents));
        return out;
    }
}
