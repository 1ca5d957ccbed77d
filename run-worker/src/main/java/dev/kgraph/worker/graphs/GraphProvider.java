package dev.kgraph.worker.graphs;

import dev.kgraph.graph.CompiledGraph;

/**
 * Registers a graph with the worker: declare a Spring bean implementing this interface and the graph becomes
 * runnable under {@link #graphId()}, with a system assistant whose id is {@code uuid5(graphId)} like LangGraph
 * Platform's. Every worker of a deployment must register the same graphs (any worker can take over any thread).
 */
public interface GraphProvider {

    /** The graph id clients use as {@code assistant_id} (or through its assistant's uuid). */
    String graphId();

    /** The compiled graph; called once at start-up. It must be safe to run concurrently, as compiled graphs are. */
    CompiledGraph graph();

    /** Shown as the assistant's description. */
    default String description() {
        return null;
    }

    /** A provider of {@code graph} under {@code graphId}, without a description. */
    static GraphProvider of(String graphId, CompiledGraph graph) {
        return new GraphProvider() {
            @Override
            public String graphId() {
                return graphId;
            }

            @Override
            public CompiledGraph graph() {
                return graph;
            }
        };
    }
}
