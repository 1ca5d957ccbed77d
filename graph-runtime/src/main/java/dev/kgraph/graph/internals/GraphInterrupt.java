package dev.kgraph.graph.internals;

import dev.kgraph.graph.Interrupt;
import java.util.List;

/** Thrown by {@code NodeContext.interrupt} to stop a task; caught by the runtime, never by user code. */
public final class GraphInterrupt extends RuntimeException {
    private final transient List<Interrupt> interrupts;

    public GraphInterrupt(List<Interrupt> interrupts) {
        super("graph interrupted", null, false, false);
        this.interrupts = List.copyOf(interrupts);
    }

    public List<Interrupt> interrupts() {
        return interrupts;
    }
}
