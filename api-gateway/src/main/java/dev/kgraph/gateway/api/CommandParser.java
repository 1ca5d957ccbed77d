package dev.kgraph.gateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/** Types {@code command}: {@code resume} any JSON, {@code update} object or key/value pairs, {@code goto} targets. */
final class CommandParser {

    private CommandParser() {
    }

    static RunCommand parse(FieldReader command) {
        return new RunCommand(command.raw("resume"), update(command), goTo(command));
    }

    private static List<StateUpdate> update(FieldReader command) {
        JsonNode node = command.value("update");
        if (node == null) {
            return List.of();
        }
        List<StateUpdate> writes = new ArrayList<>();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                writes.add(new StateUpdate(entry.getKey(), entry.getValue()));
            }
            return writes;
        }
        if (node.isArray()) {
            for (JsonNode pair : node.values()) {
                if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isString()) {
                    break;
                }
                writes.add(new StateUpdate(pair.get(0).stringValue(), pair.get(1)));
            }
            if (writes.size() == node.size()) {
                return writes;
            }
        }
        command.problem("update", "must be an object or a list of [key, value] pairs");
        return List.of();
    }

    private static List<GotoTarget> goTo(FieldReader command) {
        JsonNode node = command.value("goto");
        if (node == null) {
            return List.of();
        }
        List<JsonNode> entries = node.isArray() ? List.copyOf(node.values()) : List.of(node);
        List<GotoTarget> targets = new ArrayList<>(entries.size());
        for (JsonNode entry : entries) {
            GotoTarget target = target(entry);
            if (target == null) {
                command.problem("goto", "must be a node name, a {node, input} object, or a list of these");
                return List.of();
            }
            targets.add(target);
        }
        return targets;
    }

    private static @Nullable GotoTarget target(JsonNode entry) {
        if (entry.isString() && !entry.stringValue().isEmpty()) {
            return new GotoTarget.Node(entry.stringValue());
        }
        JsonNode node = entry.isObject() ? entry.get("node") : null;
        if (node == null || !node.isString() || node.stringValue().isEmpty()) {
            return null;
        }
        JsonNode input = entry.get("input");
        return new GotoTarget.Send(node.stringValue(), input == null ? NullNode.getInstance() : input);
    }
}
