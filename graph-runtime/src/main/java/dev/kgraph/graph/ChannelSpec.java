package dev.kgraph.graph;

import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * How a state field combines the writes it receives in one superstep. Created through {@link Channels}.
 */
public sealed interface ChannelSpec {

    /** Keeps the last written value; two writes in one superstep are an {@link InvalidUpdateError}. */
    record LastValue() implements ChannelSpec {}

    /**
     * Folds every write into the current value with {@code reducer}; {@code initial} supplies the value before the
     * first write (null supplier: the field is absent until written).
     */
    record Reducer(BinaryOperator<Object> reducer, Supplier<Object> initial) implements ChannelSpec {}

    /** Holds a value for the superstep after the one that wrote it, then is cleared. */
    record Ephemeral() implements ChannelSpec {}
}
