package dev.kgraph.worker.sequencer;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code filter} of a store search, as LangGraph's stores apply it to an item's value: each filter key names a
 * top-level field of the value; a plain filter value must equal the field (objects compared field by field, lists
 * element by element); an object of operators ({@code $eq}, {@code $ne}, {@code $gt}, {@code $gte}, {@code $lt},
 * {@code $lte}) must hold for all of them. Numbers compare by value, so {@code 1} equals {@code 1.0}.
 */
final class StoreValueFilter {
    private StoreValueFilter() {
    }

    static boolean matches(Map<String, Object> value, Map<String, Object> filter) {
        if (filter == null) {
            return true;
        }
        for (var condition : filter.entrySet()) {
            if (!compare(value == null ? null : value.get(condition.getKey()), condition.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean compare(Object actual, Object expected) {
        if (expected instanceof Map<?, ?> map) {
            if (map.keySet().stream().anyMatch(k -> String.valueOf(k).startsWith("$"))) {
                return map.entrySet().stream().allMatch(op -> operator(actual, String.valueOf(op.getKey()),
                        op.getValue()));
            }
            if (!(actual instanceof Map<?, ?> actualMap)) {
                return false;
            }
            return map.entrySet().stream().allMatch(e -> compare(actualMap.get(e.getKey()), e.getValue()));
        }
        if (expected instanceof List<?> list) {
            if (!(actual instanceof List<?> actualList) || actualList.size() != list.size()) {
                return false;
            }
            for (int i = 0; i < list.size(); i++) {
                if (!compare(actualList.get(i), list.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return equal(actual, expected);
    }

    private static boolean operator(Object actual, String op, Object operand) {
        return switch (op) {
            case "$eq" -> equal(actual, operand);
            case "$ne" -> !equal(actual, operand);
            case "$gt" -> order(actual, operand) > 0;
            case "$gte" -> order(actual, operand) >= 0;
            case "$lt" -> order(actual, operand) < 0 && order(actual, operand) != UNORDERED;
            case "$lte" -> order(actual, operand) <= 0 && order(actual, operand) != UNORDERED;
            default -> false; // an unknown operator matches nothing rather than everything
        };
    }

    private static final int UNORDERED = Integer.MIN_VALUE;

    /** The order of two numbers or two strings; {@link #UNORDERED} (never > 0) for anything else. */
    private static int order(Object actual, Object operand) {
        if (actual instanceof Number a && operand instanceof Number b) {
            return Integer.signum(decimal(a).compareTo(decimal(b)));
        }
        if (actual instanceof String a && operand instanceof String b) {
            return Integer.signum(a.compareTo(b));
        }
        return UNORDERED;
    }

    private static boolean equal(Object actual, Object expected) {
        if (actual instanceof Number a && expected instanceof Number b) {
            return decimal(a).compareTo(decimal(b)) == 0;
        }
        if (actual instanceof Map<?, ?> || actual instanceof List<?>) {
            return (expected instanceof Map<?, ?> || expected instanceof List<?>) && compare(actual, expected);
        }
        return Objects.equals(actual, expected);
    }

    private static BigDecimal decimal(Number number) {
        if (number instanceof BigDecimal d) {
            return d;
        }
        double asDouble = number.doubleValue();
        // JSON numbers are finite; a non-finite double (never parsed from JSON) compares as its nearest finite value
        return Double.isFinite(asDouble) || number instanceof Long || number instanceof Integer
                ? new BigDecimal(number.toString()) : BigDecimal.valueOf(Math.copySign(Double.MAX_VALUE, asDouble));
    }
}
