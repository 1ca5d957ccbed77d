package dev.kgraph.graph.internals;

import dev.kgraph.graph.Interrupt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A task of one superstep: planned from a checkpoint, executed at most once per run, then its writes (or its
 * interrupt/error) are recorded. Mutated by its executing thread, read by the loop after the join.
 */
public final class Task {
    final String id;
    final String name;
    final List<Object> path;
    final String pathKey;
    final List<String> triggers;
    final Object input;
    final NodeSpec node;
    final String checkpointNs;
    final int step;

    final List<Write> writes = new ArrayList<>();
    /** Resume values recorded by interrupt() (persisted as a __resume__ write). */
    List<Object> resumeWrite;
    List<Interrupt> interrupts;
    Throwable error;
    boolean cancelled;
    /** True when the writes came from pending writes of an earlier run (the task is not executed again). */
    boolean reapplied;
    /** The node's update as the updates stream shows it. */
    Object update;

    Task(String id, String name, List<Object> path, String pathKey, List<String> triggers, Object input, NodeSpec node,
         String checkpointNs, int step) {
        this.id = id;
        this.name = name;
        this.path = path;
        this.pathKey = pathKey;
        this.triggers = triggers;
        this.input = input;
        this.node = node;
        this.checkpointNs = checkpointNs;
        this.step = step;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    boolean hasOutcome() {
        return !writes.isEmpty() || interrupts != null || error != null || reapplied;
    }

    boolean succeeded() {
        return interrupts == null && error == null && !cancelled;
    }

    /** The state-channel writes as an update map (for metadata, updates events and task results). */
    Map<String, Object> updateMap() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (Write w : writes) {
            if (!Names.isInternal(w.channel()) && !Names.isSpecialWrite(w.channel())) {
                m.put(w.channel(), w.value());
            }
        }
        return m;
    }
}
