package dev.kgraph.graph.internals;

/** One value written to one channel by a task. */
public record Write(String channel, Object value) {}
