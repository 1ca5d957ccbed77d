package dev.kgraph.gateway.threads;

import dev.kgraph.gateway.api.BodyFields;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code PATCH /threads/{id}}: metadata merged key by key into the thread's (absent means nothing to
 * merge). {@code ttl} is accepted and ignored, as at thread creation.
 */
record ThreadPatchBody(Map<String, Object> metadata) {

    static ThreadPatchBody parse(JsonNode body) {
        var fields = BodyFields.of(body);
        var metadata = fields.object("metadata");
        fields.objectNode("ttl");
        fields.requireValid();
        return new ThreadPatchBody(metadata == null ? Map.of() : metadata);
    }
}
