package dev.kgraph.gateway.api;

/** Whether a stateless run's temporary thread is deleted when the run ends (default {@code delete}). */
public enum OnCompletion implements WireValue {
    DELETE("delete"),
    KEEP("keep");

    private final String wire;

    OnCompletion(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
