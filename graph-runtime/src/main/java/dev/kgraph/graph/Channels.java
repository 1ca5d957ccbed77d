package dev.kgraph.graph;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/** Factories for the channel kinds a state field can be declared with. */
public final class Channels {

    private static final ChannelSpec LAST_VALUE = new ChannelSpec.LastValue();
    private static final ChannelSpec EPHEMERAL = new ChannelSpec.Ephemeral();

    private Channels() {}

    /** Last value wins; two writes in one superstep fail the step as LangGraph's {@code LastValue} does. */
    public static ChannelSpec lastValue() {
        return LAST_VALUE;
    }

    /** Cleared after the superstep that follows the write (LangGraph's {@code EphemeralValue}). */
    public static ChannelSpec ephemeral() {
        return EPHEMERAL;
    }

    /** Custom reducer; {@code initial} may be null for "no default". */
    public static ChannelSpec reducer(BinaryOperator<Object> reducer, Supplier<Object> initial) {
        return new ChannelSpec.Reducer(reducer, initial);
    }

    /** List concatenation with default {@code []}: a list write is concatenated, a single non-list item is appended, null adds nothing. */
    public static ChannelSpec append() {
        return new ChannelSpec.Reducer(Channels::appendValues, List::of);
    }

    /** Numeric sum with default {@code 0}: integers stay integral (Integer, widening to Long), any floating value gives a Double. */
    public static ChannelSpec sum() {
        return new ChannelSpec.Reducer(Channels::sumValues, () -> 0);
    }

    static Object appendValues(Object left, Object right) {
        List<?> base = left instanceof List<?> l ? l : (left == null ? List.of() : List.of(left));
        if (right == null) {
            return base;
        }
        List<Object> out = new ArrayList<>(base.size() + (right instanceof List<?> r ? r.size() : 1));
        out.addAll(base);
        if (right instanceof List<?> r) {
            out.addAll(r);
        } else {
            out.add(right);
        }
        return out;
    }

    static Object sumValues(Object left, Object right) {
        Number a = left == null ? 0 : asNumber(left);
        Number b = right == null ? 0 : asNumber(right);
        if (isFloating(a) || isFloating(b)) {
            return a.doubleValue() + b.doubleValue();
        }
        if (a instanceof BigInteger || b instanceof BigInteger) {
            return new BigInteger(a.toString()).add(new BigInteger(b.toString()));
        }
        long sum = Math.addExact(a.longValue(), b.longValue());
        return sum == (int) sum && !(a instanceof Long) && !(b instanceof Long) ? (Object) (int) sum : (Object) sum;
    }

    private static boolean isFloating(Number n) {
        return n instanceof Double || n instanceof Float || n instanceof BigDecimal;
    }

    private static Number asNumber(Object v) {
        if (v instanceof Number n) {
            return n;
        }
        throw new InvalidUpdateError("sum reducer expects numbers, got " + v.getClass().getSimpleName());
    }
}
