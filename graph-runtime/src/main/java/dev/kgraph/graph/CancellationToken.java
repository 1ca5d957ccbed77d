package dev.kgraph.graph;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cooperative plus preemptive cancellation of one run: {@link #cancel()} sets a flag the loop checks between
 * supersteps and interrupts the threads currently executing the run's nodes. Thread-safe; cancelling twice is a no-op.
 */
public final class CancellationToken {

    /** A token that is never cancelled. */
    public static final CancellationToken NONE = new CancellationToken();

    private volatile boolean cancelled;
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();

    public static CancellationToken create() {
        return new CancellationToken();
    }

    public void cancel() {
        if (this == NONE) {
            return;
        }
        synchronized (this) {
            cancelled = true;
            for (Thread t : workers) {
                t.interrupt();
            }
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Registers the current thread as executing a node of this run; returns false when already cancelled. */
    public boolean enter() {
        if (this == NONE) {
            return true;
        }
        synchronized (this) {
            if (cancelled) {
                return false;
            }
            workers.add(Thread.currentThread());
            return true;
        }
    }

    /** Deregisters the current thread and clears an interrupt this token may have delivered to it. */
    public void exit() {
        if (this == NONE) {
            return;
        }
        synchronized (this) {
            workers.remove(Thread.currentThread());
            if (cancelled) {
                Thread.interrupted();
            }
        }
    }
}
