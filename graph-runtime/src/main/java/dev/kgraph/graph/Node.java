package dev.kgraph.graph;

import java.util.Map;

/**
 * A node: reads the state, returns an update. The return value is a {@code Map} update (unknown keys are ignored as
 * in LangGraph), a {@link Command}, or null for "no update". Runs on a virtual thread, possibly in parallel with
 * other nodes of the same superstep; the state map is read-only.
 */
@FunctionalInterface
public interface Node {
    Object apply(Map<String, Object> state, NodeContext ctx) throws Exception;
}
