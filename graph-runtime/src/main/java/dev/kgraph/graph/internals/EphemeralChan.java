package dev.kgraph.graph.internals;

import dev.kgraph.graph.InvalidUpdateError;
import java.util.List;

/** Holds the last superstep's write, cleared by the next superstep (LangGraph's EphemeralValue). */
final class EphemeralChan extends SingleValueChan {
    private final String name;
    private final boolean guard;

    EphemeralChan(String name, boolean guard) {
        this.name = name;
        this.guard = guard;
    }

    @Override
    public boolean update(List<Object> values) {
        if (values.isEmpty()) {
            if (value != EMPTY) {
                value = EMPTY;
                return true;
            }
            return false;
        }
        if (guard && values.size() > 1) {
            throw new InvalidUpdateError("At key '" + name + "': EphemeralValue can receive only one value per step.");
        }
        value = values.get(values.size() - 1);
        return true;
    }

    @Override
    public Chan restore(Object saved) {
        EphemeralChan c = new EphemeralChan(name, guard);
        c.value = saved;
        return c;
    }
}
