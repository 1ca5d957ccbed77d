package dev.kgraph.gateway.api;

/** What {@code POST /threads} does when the thread id is taken: 409 ({@code raise}, the default) or return the existing thread. */
public enum IfExists implements WireValue {
    RAISE("raise"),
    DO_NOTHING("do_nothing");

    private final String wire;

    IfExists(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
