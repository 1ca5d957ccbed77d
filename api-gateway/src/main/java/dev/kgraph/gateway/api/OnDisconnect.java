package dev.kgraph.gateway.api;

/** What happens to a run when the client of {@code /wait} or {@code /stream} goes away (default {@code continue}). */
public enum OnDisconnect implements WireValue {
    CANCEL("cancel"),
    CONTINUE("continue");

    private final String wire;

    OnDisconnect(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
