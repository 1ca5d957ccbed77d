package dev.kgraph.model.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
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
        return READERS.get(type).readValue(bytes);
    }

    /** A reader per record type: {@code MAPPER.readValue(bytes, type)} resolves the type again on every call. */
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return MAPPER.readerFor(type);
        }
    };

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** Converts a JSON tree or plain object into the plain Java form the graph runtime works on (maps, lists, scalars). */
    public static Object plain(Object value) {
        if (value instanceof JsonNode node) {
            var plain = plainTree(node);
            if (plain != NOT_PLAIN) {
                return plain;
            }
        }
        return value == null ? null : MAPPER.convertValue(value, Object.class);
    }

    /** What {@link #plainTree} returns for a tree holding a node it does not convert itself (binary, POJO, missing). */
    private static final Object NOT_PLAIN = new Object();

    /**
     * A tree read from JSON text, walked directly into what {@code convertValue(node, Object.class)} gives (ordered
     * maps, lists, the numbers' own boxed types), without the token buffer that conversion writes and reads back:
     * every run's input passes here in the gateway (1 % of a 64-client profile).
     */
    private static Object plainTree(JsonNode node) {
        if (node.isObject()) {
            var map = new java.util.LinkedHashMap<String, Object>(Math.max(4, node.size() * 4 / 3 + 1));
            for (var property : node.properties()) {
                var value = plainTree(property.getValue());
                if (value == NOT_PLAIN) {
                    return NOT_PLAIN;
                }
                map.put(property.getKey(), value);
            }
            return map;
        }
        if (node.isArray()) {
            var list = new java.util.ArrayList<Object>(node.size());
            for (var element : node) {
                var value = plainTree(element);
                if (value == NOT_PLAIN) {
                    return NOT_PLAIN;
                }
                list.add(value);
            }
            return list;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() ? null : NOT_PLAIN;
    }
}
