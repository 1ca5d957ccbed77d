package dev.kgraph.gateway.api;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A LangGraph {@code Command} sent as {@code command}: resume a pending interrupt, write to the state, and/or jump to
 * nodes. The reference servers let a command win over {@code input} when both are sent; this type does not decide that.
 *
 * @param resume the resume value as sent (JSON {@code null} is a value); Java {@code null} when absent
 * @param update writes in body order; the object form and the {@code [[key, value], ...]} form both end up here
 * @param goTo   targets in body order ({@code goto} is a Java keyword)
 */
public record RunCommand(@Nullable JsonNode resume, List<StateUpdate> update, List<GotoTarget> goTo) {

    public RunCommand {
        update = List.copyOf(update);
        goTo = List.copyOf(goTo);
    }

    public boolean hasResume() {
        return resume != null;
    }

    /** True for {@code command: {}}, which the Python server treats like no command at all. */
    public boolean isEmpty() {
        return resume == null && update.isEmpty() && goTo.isEmpty();
    }

    /**
     * The wire form, for {@code kwargs.command} and the worker. {@code update} is written as an object unless a key
     * repeats (only the pair list can express that); {@code goto} as a single target or a list.
     */
    public ObjectNode toJson() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode node = json.objectNode();
        if (resume != null) {
            node.set("resume", resume);
        }
        if (!update.isEmpty()) {
            node.set("update", updateJson(json));
        }
        if (goTo.size() == 1) {
            node.set("goto", gotoJson(json, goTo.getFirst()));
        } else if (!goTo.isEmpty()) {
            ArrayNode targets = node.putArray("goto");
            goTo.forEach(target -> targets.add(gotoJson(json, target)));
        }
        return node;
    }

    private JsonNode updateJson(JsonNodeFactory json) {
        Set<String> keys = new HashSet<>();
        boolean unique = update.stream().allMatch(write -> keys.add(write.key()));
        if (unique) {
            ObjectNode object = json.objectNode();
            update.forEach(write -> object.set(write.key(), write.value()));
            return object;
        }
        ArrayNode pairs = json.arrayNode();
        update.forEach(write -> pairs.addArray().add(write.key()).add(write.value()));
        return pairs;
    }

    private static JsonNode gotoJson(JsonNodeFactory json, GotoTarget target) {
        return switch (target) {
            case GotoTarget.Node node -> json.stringNode(node.node());
            case GotoTarget.Send send -> json.objectNode().put("node", send.node()).set("input", send.input());
        };
    }
}
