package dev.kgraph.model.runs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A run's lifecycle, with its legal moves:
 * <pre>
 *   pending ──► running ──► success | error | timeout | interrupted
 *      │           │
 *      │           └──► pending   (worker lost: retried with attempt + 1)
 *      └──► interrupted           (cancelled before it started)
 * </pre>
 * {@code interrupted} means cancelled; a run paused by a human-in-the-loop interrupt ends {@code success} and its
 * thread becomes {@code interrupted}.
 */
public enum RunStatus {
    PENDING, RUNNING, SUCCESS, ERROR, TIMEOUT, INTERRUPTED;

    public boolean isFinal() {
        return this != PENDING && this != RUNNING;
    }

    public boolean canMoveTo(RunStatus next) {
        return switch (this) {
            case PENDING -> next == RUNNING || next == INTERRUPTED;
            case RUNNING -> next != RUNNING;
            default -> false;
        };
    }

    /** Returns {@code next}, or throws when the lifecycle above does not allow the move. */
    public RunStatus transitionTo(RunStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("run cannot move from " + wire() + " to " + next.wire());
        }
        return next;
    }

    public static Set<RunStatus> active() {
        return EnumSet.of(PENDING, RUNNING);
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RunStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
