package dev.kgraph.graph;

/** The run was asked for something its setup cannot provide (e.g. interrupt() without a checkpoint saver). */
public class GraphValueError extends RuntimeException {
    public GraphValueError(String message) {
        super(message);
    }
}
