package dev.kgraph.graph.pregel;

/** One value written to one channel by a task. */
public record Write(String channel, Object value) {}
