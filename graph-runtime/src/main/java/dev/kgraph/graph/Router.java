package dev.kgraph.graph;

import java.util.Map;

/**
 * Chooses where to go after a node. Returns a node name (or {@link StateGraph#END}), a {@link Send}, or a list of
 * those. The state it sees includes the writes of the node it follows.
 */
@FunctionalInterface
public interface Router {
    Object route(Map<String, Object> state, NodeContext ctx) throws Exception;
}
