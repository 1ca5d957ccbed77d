package dev.kgraph.graph;

/** A node, command or input produced an update the channels cannot accept (e.g. two writes to a last-value field in one step). */
public class InvalidUpdateError extends RuntimeException {
    public InvalidUpdateError(String message) {
        super(message);
    }
}
