package dev.kgraph.gateway.api;

import java.util.List;

/**
 * The nodes of {@code interrupt_before} / {@code interrupt_after}: every node ({@code "*"}) or the named ones. Unknown
 * node names are not an error (the reference servers ignore them), so no graph lookup is done here.
 */
public record Breakpoints(boolean allNodes, List<String> nodes) {

    private static final Breakpoints ALL = new Breakpoints(true, List.of());

    public Breakpoints {
        nodes = List.copyOf(nodes);
        if (allNodes && !nodes.isEmpty()) {
            throw new IllegalArgumentException("\"*\" breakpoints name no nodes");
        }
    }

    public static Breakpoints all() {
        return ALL;
    }

    public static Breakpoints of(List<String> nodes) {
        return new Breakpoints(false, nodes);
    }

    /** The wire form: {@code "*"} or the list of node names. */
    public Object toWire() {
        return allNodes ? "*" : nodes;
    }
}
