package dev.kgraph.graph.internals;

/** A channel holding at most one value ({@link #EMPTY} when it has none): the shape of most LangGraph channels. */
abstract class SingleValueChan extends Chan {
    protected Object value = EMPTY;

    @Override
    public boolean isAvailable() {
        return value != EMPTY;
    }

    @Override
    public Object get() {
        return value;
    }
}
