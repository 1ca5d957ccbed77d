package dev.kgraph.gateway.api;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** An enum constant with the exact spelling the API uses on the wire (e.g. {@code "messages-tuple"}). */
public interface WireValue {

    String wire();

    static <E extends Enum<E> & WireValue> Optional<E> fromWire(Class<E> type, String wire) {
        return Arrays.stream(type.getEnumConstants()).filter(value -> value.wire().equals(wire)).findFirst();
    }

    /** The accepted spellings in declaration order, e.g. {@code "reject, enqueue, interrupt, rollback"}. */
    static <E extends Enum<E> & WireValue> String choices(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireValue::wire).collect(Collectors.joining(", "));
    }
}
