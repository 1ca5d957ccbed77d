package dev.kgraph.graph;

import java.util.List;

/** A task finished (stream modes {@code tasks}/{@code debug}); {@code error} is null on success. */
public record TaskFinishedEvent(List<String> namespace, int step, String id, String name, Object result, ErrorInfo error,
                                List<Interrupt> interrupts) implements StreamEvent {}
