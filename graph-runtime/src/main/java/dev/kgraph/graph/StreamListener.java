package dev.kgraph.graph;

/**
 * Receives a run's stream events. Called from the run's loop thread and, for {@link CustomEvent}, from node threads:
 * implementations must be thread-safe. Exceptions thrown here are swallowed and never stop the run.
 */
@FunctionalInterface
public interface StreamListener {

    StreamListener NONE = event -> { };

    void onEvent(StreamEvent event);
}
