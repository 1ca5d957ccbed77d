package dev.kgraph.gateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads optional typed fields of one JSON object and collects a problem per bad field instead of failing on the first,
 * so a parser can report every mistake at once. Each getter returns {@code null} for an absent field, for an explicit
 * JSON {@code null} (SDKs send {@code null} for "not set") and for an invalid one (after recording the problem).
 */
final class FieldReader {

    private final ObjectNode object;
    private final String prefix;
    private final List<String> problems;

    FieldReader(ObjectNode object, String prefix, List<String> problems) {
        this.object = object;
        this.prefix = prefix;
        this.problems = problems;
    }

    /** A reader of a nested object that reports into the same problem list, with paths like {@code config.tags}. */
    FieldReader nested(String name, ObjectNode child) {
        return new FieldReader(child, path(name) + ".", problems);
    }

    String path(String name) {
        return prefix + name;
    }

    void problem(String name, String reason) {
        problems.add(path(name) + ": " + reason);
    }

    /** The field as sent, JSON {@code null} included; Java {@code null} only when the key is absent. */
    @Nullable JsonNode raw(String name) {
        return object.get(name);
    }

    /** The field unless it is absent or JSON {@code null}. */
    @Nullable JsonNode value(String name) {
        JsonNode node = object.get(name);
        return node == null || node.isNull() ? null : node;
    }

    @Nullable String string(String name) {
        JsonNode node = value(name);
        if (node == null) {
            return null;
        }
        if (!node.isString()) {
            problem(name, "must be a string");
            return null;
        }
        return node.stringValue();
    }

    @Nullable Boolean bool(String name) {
        JsonNode node = value(name);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            problem(name, "must be a boolean");
            return null;
        }
        return node.booleanValue();
    }

    @Nullable ObjectNode object(String name) {
        JsonNode node = value(name);
        if (node == null) {
            return null;
        }
        if (!(node instanceof ObjectNode objectNode)) {
            problem(name, "must be an object");
            return null;
        }
        return objectNode;
    }

    @Nullable List<String> stringList(String name) {
        JsonNode node = value(name);
        if (node == null) {
            return null;
        }
        Optional<List<String>> strings = strings(node);
        if (strings.isEmpty()) {
            problem(name, "must be a list of strings");
            return null;
        }
        return strings.get();
    }

    <E extends Enum<E> & WireValue> @Nullable E oneOf(String name, Class<E> type) {
        JsonNode node = value(name);
        if (node == null) {
            return null;
        }
        Optional<E> parsed = node.isString() ? WireValue.fromWire(type, node.stringValue()) : Optional.empty();
        if (parsed.isEmpty()) {
            problem(name, "must be one of " + WireValue.choices(type));
            return null;
        }
        return parsed.get();
    }

    static Optional<List<String>> strings(JsonNode node) {
        if (!node.isArray()) {
            return Optional.empty();
        }
        List<String> strings = new ArrayList<>(node.size());
        for (JsonNode element : node.values()) {
            if (!element.isString()) {
                return Optional.empty();
            }
            strings.add(element.stringValue());
        }
        return Optional.of(List.copyOf(strings));
    }
}
