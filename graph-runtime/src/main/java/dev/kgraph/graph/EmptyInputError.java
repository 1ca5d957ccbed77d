package dev.kgraph.graph;

/** A run was started with nothing to do (no input, no command, nothing pending). */
public class EmptyInputError extends RuntimeException {
    public EmptyInputError(String message) {
        super(message);
    }
}
