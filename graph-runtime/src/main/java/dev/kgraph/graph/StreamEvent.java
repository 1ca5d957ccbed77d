package dev.kgraph.graph;

import java.util.List;

/** A stream event; {@code namespace} is the subgraph path ({@code ["sub:<task id>", ...]}), empty at top level. */
public sealed interface StreamEvent
        permits ValuesEvent, UpdatesEvent, CustomEvent, TaskStartedEvent, TaskFinishedEvent, CheckpointEvent,
        MessageChunkEvent {
    List<String> namespace();
}
