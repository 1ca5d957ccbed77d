package dev.kgraph.graph;

import java.util.List;
import java.util.Map;

/** The full state after the input and after each superstep (stream mode {@code values}). */
public record ValuesEvent(List<String> namespace, Map<String, Object> values) implements StreamEvent {}
