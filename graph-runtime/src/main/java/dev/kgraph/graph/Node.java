package dev.kgraph.graph;

import java.util.Map;

/**
 * A node: reads the state, returns an update. The return value is a {@code Map} update (unknown keys are ignored as
 * in LangGraph), a {@link Command}, or null for "no update". Runs on a virtual thread, possibly in parallel with
 * other nodes of the same superstep. The state map and every value in it are read-only: they are shared with the
 * checkpoints the run saves (and, on a server, with the thread's next run), so a change made in place would reach
 * them unsaved. Return the new values instead, as in LangGraph.
 */
@FunctionalInterface
public interface Node {
    Object apply(Map<String, Object> state, NodeContext ctx) throws Exception;
}
