package dev.kgraph.graph;

import java.util.List;

/** A task planned from a checkpoint: id, node name and path ({@code ["__pregel_pull", node]} or {@code ["__pregel_push", i, false]}). */
public record TaskPlan(String id, String name, List<Object> path) {}
