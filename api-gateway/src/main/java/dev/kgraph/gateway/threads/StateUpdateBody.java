package dev.kgraph.gateway.threads;

import dev.kgraph.gateway.api.BodyFields;
import dev.kgraph.model.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /threads/{id}/state}: the values to write as if node {@code asNode} had returned them, from
 * the latest checkpoint or from {@code checkpoint_id} (a fork). {@code checkpoint.checkpoint_id} wins over the
 * top-level {@code checkpoint_id}, as for runs. Only root-graph checkpoints are addressed: the namespace is not sent.
 *
 * @param values plain JSON (an object, a list of updates, or {@code null})
 */
record StateUpdateBody(Object values, String asNode, String checkpointId) {

    static StateUpdateBody parse(JsonNode body) {
        var fields = BodyFields.of(body);
        JsonNode values = fields.value("values");
        if (values != null && !values.isObject() && !values.isArray()) {
            fields.problem("values", "must be an object, a list or null");
        }
        String asNode = fields.string("as_node");
        String checkpointId = fields.string("checkpoint_id");
        var checkpoint = fields.objectNode("checkpoint");
        if (checkpoint != null && checkpoint.get("checkpoint_id") instanceof JsonNode id && !id.isNull()) {
            if (id.isString()) {
                checkpointId = id.stringValue();
            } else {
                fields.problem("checkpoint.checkpoint_id", "must be a string");
            }
        }
        fields.requireValid();
        return new StateUpdateBody(values == null ? null : Json.plain(values), asNode, checkpointId);
    }
}
