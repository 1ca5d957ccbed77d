package dev.kgraph.graph.internals;

import java.util.ArrayList;
import java.util.List;

/** The pending {@code Send}s of the next superstep: replaced by each superstep's writes (LangGraph's Topic, no accumulation). */
final class TopicChan extends Chan {
    private List<Object> values = List.of();

    @Override
    public boolean isAvailable() {
        return !values.isEmpty();
    }

    @Override
    public Object get() {
        return values;
    }

    @Override
    public boolean update(List<Object> writes) {
        boolean changed = !values.isEmpty();
        values = writes.isEmpty() ? List.of() : List.copyOf(writes);
        return changed || !writes.isEmpty();
    }

    @Override
    public Chan restore(Object saved) {
        TopicChan c = new TopicChan();
        if (saved instanceof List<?> l) {
            c.values = new ArrayList<>(l);
        }
        return c;
    }
}
