package dev.kgraph.graph;

/** Why a run ended in ERROR: an exception's simple class name (or LangGraph error name) and its message. */
public record ErrorInfo(String type, String message) {
    public static ErrorInfo of(Throwable t) {
        return new ErrorInfo(t.getClass().getSimpleName(), t.getMessage() == null ? "" : t.getMessage());
    }
}
