package dev.kgraph.graph.internals;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/** Folds writes into the value with a reducer (LangGraph's BinaryOperatorAggregate). */
final class ReducerChan extends SingleValueChan {
    private final BinaryOperator<Object> reducer;
    private final Supplier<Object> initial;

    ReducerChan(BinaryOperator<Object> reducer, Supplier<Object> initial) {
        this.reducer = reducer;
        this.initial = initial;
        this.value = initial == null ? EMPTY : initial.get();
    }

    @Override
    public boolean update(List<Object> values) {
        if (values.isEmpty()) {
            return false;
        }
        int i = 0;
        Object v = value;
        if (v == EMPTY) {
            v = values.get(0);
            i = 1;
        }
        for (; i < values.size(); i++) {
            v = reducer.apply(v, values.get(i));
        }
        value = v;
        return true;
    }

    @Override
    public Chan restore(Object saved) {
        ReducerChan c = new ReducerChan(reducer, initial);
        if (saved != EMPTY) {
            c.value = saved;
        }
        return c;
    }
}
