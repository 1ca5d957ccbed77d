package dev.kgraph.graph;

import java.util.List;

/** A task is about to run (stream modes {@code tasks}/{@code debug}). */
public record TaskStartedEvent(List<String> namespace, int step, String id, String name, Object input,
                               List<String> triggers) implements StreamEvent {}
