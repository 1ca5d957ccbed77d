package dev.kgraph.model.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper for messages on Kafka. Record components are written in snake_case, matching the
 * LangGraph Platform wire format, so an API object can be forwarded from a topic to an HTTP client without mapping.
 * Map keys (user state, metadata) are never renamed.
 */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Json() {
    }

    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static <T> T read(byte[] bytes, Class<T> type) {
        return MAPPER.readValue(bytes, type);
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** Converts a JSON tree or plain object into the plain Java form the graph runtime works on (maps, lists, scalars). */
    public static Object plain(Object value) {
        return value == null ? null : MAPPER.convertValue(value, Object.class);
    }
}
