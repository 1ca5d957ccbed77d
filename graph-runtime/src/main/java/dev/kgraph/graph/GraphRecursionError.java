package dev.kgraph.graph;

/** The run exceeded its recursion limit (number of supersteps) without reaching a stop condition. */
public class GraphRecursionError extends RuntimeException {
    public GraphRecursionError(String message) {
        super(message);
    }
}
