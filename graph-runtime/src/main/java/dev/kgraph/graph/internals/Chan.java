package dev.kgraph.graph.internals;

import java.util.List;

/**
 * A channel instance of one run. Values stored are never mutated in place, so copies share them. Not thread-safe:
 * only the run loop touches channels; nodes see an immutable state map.
 */
public abstract class Chan {

    /** Marks "no value" in {@link #checkpointValue()} (null is a legitimate value). */
    public static final Object EMPTY = new Object() {
        @Override
        public String toString() {
            return "EMPTY";
        }
    };

    public abstract boolean isAvailable();

    /** The value; only valid when {@link #isAvailable()}. */
    public abstract Object get();

    /** Applies one superstep's writes (possibly none); returns true when the channel changed. */
    public abstract boolean update(List<Object> values);

    /** Called when a task triggered by this channel ran; returns true when that changed the channel. */
    public boolean consume() {
        return false;
    }

    /** The value to store in a checkpoint, or {@link #EMPTY}. */
    public Object checkpointValue() {
        return isAvailable() ? get() : EMPTY;
    }

    /** A fresh instance of the same kind holding {@code saved} ({@link #EMPTY} for none). */
    public abstract Chan restore(Object saved);
}
