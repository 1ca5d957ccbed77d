package dev.kgraph.graph;

/** Runs {@code node} in the next superstep with {@code arg} as its input instead of the graph state (map-reduce fan-out). */
public record Send(String node, Object arg) {
    public Send {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("Send needs a node name");
        }
    }
}
