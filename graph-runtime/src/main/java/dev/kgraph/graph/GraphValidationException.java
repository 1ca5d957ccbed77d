package dev.kgraph.graph;

/** The graph definition is invalid (unknown or unreachable node, no entry point); the message names the node. */
public class GraphValidationException extends RuntimeException {
    public GraphValidationException(String message) {
        super(message);
    }
}
