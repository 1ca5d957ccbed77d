package dev.kgraph.gateway.assistants;

import dev.kgraph.gateway.api.BodyFields;
import dev.kgraph.gateway.api.Ids;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /assistants} and {@code PATCH /assistants/{id}}: every field optional except
 * {@code graph_id} on create; each mistyped field is named in one 422.
 */
record AssistantBody(String assistantId, String graphId, Map<String, Object> config, Map<String, Object> context,
                     Map<String, Object> metadata, String name, String description, String ifExists) {

    static AssistantBody forCreate(JsonNode body) {
        var fields = BodyFields.of(body);
        String assistantId = fields.string("assistant_id");
        if (assistantId != null && !Ids.isUuid(assistantId)) {
            fields.problem("assistant_id", "must be a UUID");
        }
        if (fields.value("graph_id") == null) {
            fields.problem("graph_id", "is required");
        }
        var parsed = common(fields, assistantId == null || !Ids.isUuid(assistantId) ? null
                : Ids.requireUuid(assistantId, "assistant ID").toString(),
                fields.oneOf("if_exists", List.of("raise", "do_nothing"), "raise"));
        fields.requireValid();
        return parsed;
    }

    static AssistantBody forPatch(JsonNode body) {
        var fields = BodyFields.of(body);
        var parsed = common(fields, null, null);
        fields.requireValid();
        return parsed;
    }

    private static AssistantBody common(BodyFields fields, String assistantId, String ifExists) {
        var graphId = fields.string("graph_id");
        var config = fields.object("config");
        if (config != null) {
            checkConfig(fields, config);
        }
        return new AssistantBody(assistantId, graphId, config, fields.object("context"), fields.object("metadata"),
                fields.string("name"), fields.string("description"), ifExists);
    }

    /**
     * The keys of a RunnableConfig that runs read, typed as a run's own {@code config} is: a bad one would otherwise
     * be stored and break every run of the assistant (the Python server validates the config too).
     */
    private static void checkConfig(BodyFields fields, Map<String, Object> config) {
        var tags = config.get("tags");
        if (tags != null && !(tags instanceof List<?> list && list.stream().allMatch(String.class::isInstance))) {
            fields.problem("config.tags", "must be a list of strings");
        }
        var limit = config.get("recursion_limit");
        if (limit != null && !((limit instanceof Integer || limit instanceof Long) && ((Number) limit).longValue() > 0
                && ((Number) limit).longValue() <= Integer.MAX_VALUE)) {
            fields.problem("config.recursion_limit", "must be an integer greater than 0");
        }
        for (var key : List.of("configurable", "metadata")) {
            if (config.get(key) != null && !(config.get(key) instanceof Map<?, ?>)) {
                fields.problem("config." + key, "must be an object");
            }
        }
    }
}
