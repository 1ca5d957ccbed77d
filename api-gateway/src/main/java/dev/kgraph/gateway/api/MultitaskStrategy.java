package dev.kgraph.gateway.api;

/** What a new run does while its thread already has a pending or running run (default {@code enqueue}). */
public enum MultitaskStrategy implements WireValue {
    REJECT("reject"),
    ENQUEUE("enqueue"),
    INTERRUPT("interrupt"),
    ROLLBACK("rollback");

    private final String wire;

    MultitaskStrategy(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
