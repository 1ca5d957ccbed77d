package dev.kgraph.graph;

import java.util.List;

/** A payload a node sent with {@link NodeContext#emit(Object)} (stream mode {@code custom}). */
public record CustomEvent(List<String> namespace, Object payload) implements StreamEvent {}
