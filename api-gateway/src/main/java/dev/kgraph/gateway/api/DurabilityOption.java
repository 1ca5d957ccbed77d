package dev.kgraph.gateway.api;

/** When checkpoints are persisted: before each next step ({@code sync}), alongside it ({@code async}, the default) or only at the end ({@code exit}). */
public enum DurabilityOption implements WireValue {
    SYNC("sync"),
    ASYNC("async"),
    EXIT("exit");

    private final String wire;

    DurabilityOption(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
