package dev.kgraph.graph;

import java.util.List;

/** A checkpoint was created (stream modes {@code checkpoints}/{@code debug}), whether or not the saver stores it yet. */
public record CheckpointEvent(List<String> namespace, CheckpointTuple tuple) implements StreamEvent {}
