package dev.kgraph.gateway.api;

/** What a thread-bound run does when its thread does not exist (default {@code reject}, i.e. 404). */
public enum IfNotExists implements WireValue {
    REJECT("reject"),
    CREATE("create");

    private final String wire;

    IfNotExists(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
