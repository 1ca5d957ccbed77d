package dev.kgraph.graph.internals;

import dev.kgraph.graph.Node;
import java.util.List;

/**
 * A compiled node: its function, the channels that trigger it, what it writes after running (static edges) and its
 * conditional edges. {@code hidden} nodes ({@code __start__}) are excluded from "*" breakpoints and update events.
 */
public record NodeSpec(String name, Node fn, List<String> triggers, List<Write> edgeWrites, List<Branch> branches,
                       boolean hidden) {}
