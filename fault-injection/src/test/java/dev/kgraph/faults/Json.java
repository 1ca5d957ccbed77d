package dev.kgraph.faults;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** JSON as plain maps, lists, strings, numbers and booleans: what the test compares against expected values. */
final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Parses a wait or join body, which may start with keep-alive newlines. Null for a blank body. */
    static @Nullable Object read(String text) {
        var trimmed = text.strip();
        return trimmed.isEmpty() ? null : MAPPER.readValue(trimmed, Object.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(@Nullable Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(@Nullable Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }
}
