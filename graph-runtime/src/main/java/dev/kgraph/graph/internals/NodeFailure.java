package dev.kgraph.graph.internals;

/** A failure reported by a nested graph, keeping the inner error's type name for {@code ErrorInfo}. */
public final class NodeFailure extends RuntimeException {
    private final String type;

    public NodeFailure(String type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    public String type() {
        return type;
    }
}
