package dev.kgraph.graph.internals;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Available once every named source has written (fan-in join); consumed by the task it triggers. */
final class BarrierChan extends Chan {
    private final List<String> names;
    private final Set<String> seen = new LinkedHashSet<>();

    BarrierChan(List<String> names) {
        this.names = names;
    }

    @Override
    public boolean isAvailable() {
        return seen.size() == names.size();
    }

    @Override
    public Object get() {
        return null;
    }

    @Override
    public boolean update(List<Object> values) {
        boolean changed = false;
        for (Object v : values) {
            if (names.contains(v) && seen.add((String) v)) {
                changed = true;
            }
        }
        return changed;
    }

    @Override
    public boolean consume() {
        if (isAvailable()) {
            seen.clear();
            return true;
        }
        return false;
    }

    @Override
    public Object checkpointValue() {
        return seen.isEmpty() ? EMPTY : new ArrayList<>(seen);
    }

    @Override
    public Chan restore(Object saved) {
        BarrierChan c = new BarrierChan(names);
        if (saved instanceof List<?> l) {
            for (Object o : l) {
                c.seen.add(String.valueOf(o));
            }
        }
        return c;
    }
}
