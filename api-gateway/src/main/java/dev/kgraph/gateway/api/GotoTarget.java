package dev.kgraph.gateway.api;

import tools.jackson.databind.JsonNode;

/** One entry of {@code command.goto}: a node to run next, or a {@code Send} of a private input to a node. */
public sealed interface GotoTarget {

    String node();

    /** {@code "node"} on the wire. */
    record Node(String node) implements GotoTarget {
    }

    /** {@code {"node": ..., "input": ...}} on the wire; the input reaches only that node, not the thread state. */
    record Send(String node, JsonNode input) implements GotoTarget {
    }
}
