package dev.kgraph.graph;

import java.util.List;

/**
 * What one node wrote (stream mode {@code updates}). For an interrupt {@code node} is {@code "__interrupt__"} and
 * {@code update} the list of {@link Interrupt}s.
 */
public record UpdatesEvent(List<String> namespace, String node, Object update) implements StreamEvent {}
