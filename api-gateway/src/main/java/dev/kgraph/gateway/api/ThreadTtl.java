package dev.kgraph.gateway.api;

import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A thread's {@code ttl}, as LangGraph Platform takes it on create and patch: {@code {"strategy": "delete", "ttl": m}},
 * the thread deleted {@code m} minutes from now ({@code strategy} defaults to {@code delete}, the only one the API
 * offers).
 */
public final class ThreadTtl {

    private ThreadTtl() {
    }

    /**
     * The minutes of a {@code ttl} object, or null when there is none; each problem goes to {@code problem} as
     * ({@code field}, reason).
     */
    public static @Nullable Double minutes(@Nullable ObjectNode ttl, BiConsumer<String, String> problem) {
        if (ttl == null) {
            return null;
        }
        JsonNode strategy = ttl.get("strategy");
        if (strategy != null && !strategy.isNull() && !(strategy.isString() && strategy.stringValue().equals("delete"))) {
            problem.accept("ttl.strategy", "must be delete");
        }
        JsonNode minutes = ttl.get("ttl");
        if (minutes == null || !minutes.isNumber() || !(minutes.doubleValue() > 0)
                || Double.isInfinite(minutes.doubleValue()) || minutes.doubleValue() > 525_600_000) {
            problem.accept("ttl.ttl", "must be a number of minutes greater than 0");
            return null;
        }
        return minutes.doubleValue();
    }
}
