package dev.kgraph.model.threads;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A thread's status. {@code busy} while a run is pending or running; when a run ends the first that applies of
 * {@code error} (the run raised), {@code interrupted} (the last checkpoint has {@code next}), {@code idle}; and
 * {@code busy} again if other runs are queued.
 */
public enum ThreadStatus {
    IDLE, BUSY, INTERRUPTED, ERROR;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ThreadStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
