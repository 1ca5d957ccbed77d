package dev.kgraph.gateway.api;

/** A {@code stream_mode} value; {@code tools} is accepted as the JS server does. */
public enum StreamMode implements WireValue {
    VALUES("values"),
    MESSAGES("messages"),
    MESSAGES_TUPLE("messages-tuple"),
    UPDATES("updates"),
    EVENTS("events"),
    TASKS("tasks"),
    CHECKPOINTS("checkpoints"),
    DEBUG("debug"),
    CUSTOM("custom"),
    TOOLS("tools");

    private final String wire;

    StreamMode(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
