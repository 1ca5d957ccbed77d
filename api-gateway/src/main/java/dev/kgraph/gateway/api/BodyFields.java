package dev.kgraph.gateway.api;

import dev.kgraph.model.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the optional fields of a small request body (threads, assistants) and collects one {@code "field: reason"} per bad field, so
 * the 422 names every mistake at once. Absent fields and JSON {@code null} read as Java {@code null}.
 */
public final class BodyFields {
    private final ObjectNode body;
    private final List<String> problems = new ArrayList<>();

    private BodyFields(ObjectNode body) {
        this.body = body;
    }

    /** An absent body reads as {@code {}}; anything but an object is a 422. */
    public static BodyFields of(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return new BodyFields(Json.MAPPER.createObjectNode());
        }
        if (!(body instanceof ObjectNode object)) {
            throw new InvalidRequestException("body: must be a JSON object");
        }
        return new BodyFields(object);
    }

    public void problem(String field, String reason) {
        problems.add(field + ": " + reason);
    }

    /** Throws the 422 when any field was bad, naming them in the order the client wrote them. */
    public void requireValid() {
        if (!problems.isEmpty()) {
            var fields = List.copyOf(body.propertyNames());
            problems.sort(Comparator.comparingInt(problem -> fields.indexOf(fieldOf(problem))));
            throw new InvalidRequestException(problems);
        }
    }

    private static String fieldOf(String problem) {
        int end = problem.indexOf(':');
        int dot = problem.indexOf('.');
        return problem.substring(0, dot >= 0 && dot < end ? dot : end);
    }

    public JsonNode value(String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node;
    }

    public String string(String field) {
        JsonNode node = value(field);
        if (node != null && !node.isString()) {
            problem(field, "must be a string");
            return null;
        }
        return node == null ? null : node.stringValue();
    }

    public Boolean bool(String field) {
        JsonNode node = value(field);
        if (node != null && !node.isBoolean()) {
            problem(field, "must be a boolean");
            return null;
        }
        return node == null ? null : node.booleanValue();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String field) {
        JsonNode node = value(field);
        if (node != null && !node.isObject()) {
            problem(field, "must be an object");
            return null;
        }
        return node == null ? null : (Map<String, Object>) Json.plain(node);
    }

    public ObjectNode objectNode(String field) {
        JsonNode node = value(field);
        if (node != null && !node.isObject()) {
            problem(field, "must be an object");
            return null;
        }
        return (ObjectNode) node;
    }

    /** An integer in {@code [min, max]}, or {@code fallback} when absent. */
    public int integer(String field, int fallback, int min, int max) {
        JsonNode node = value(field);
        if (node == null) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            problem(field, max == Integer.MAX_VALUE ? "must be an integer >= " + min
                    : "must be an integer between " + min + " and " + max);
            return fallback;
        }
        return node.intValue();
    }

    /** One of {@code choices}, or {@code fallback} when absent. */
    public String oneOf(String field, List<String> choices, String fallback) {
        JsonNode node = value(field);
        if (node == null) {
            return fallback;
        }
        if (!node.isString() || !choices.contains(node.stringValue())) {
            problem(field, "must be one of " + String.join(", ", choices));
            return fallback;
        }
        return node.stringValue();
    }

    public List<String> strings(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        var strings = new ArrayList<String>();
        if (node.isArray()) {
            for (JsonNode element : node.values()) {
                if (!element.isString()) {
                    break;
                }
                strings.add(element.stringValue());
            }
        }
        if (!node.isArray() || strings.size() != node.size()) {
            problem(field, "must be a list of strings");
            return null;
        }
        return List.copyOf(strings);
    }
}
