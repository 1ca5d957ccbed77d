package dev.kgraph.gateway.threads;

import dev.kgraph.gateway.api.BodyFields;
import dev.kgraph.gateway.api.ThreadTtl;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code PATCH /threads/{id}}: metadata merged key by key into the thread's (absent means nothing to
 * merge). {@code ttl} replaces the thread's time to live, counted from now, as LangGraph Platform's patch does.
 */
record ThreadPatchBody(Map<String, Object> metadata, Double ttlMinutes) {

    static ThreadPatchBody parse(JsonNode body) {
        var fields = BodyFields.of(body);
        var metadata = fields.object("metadata");
        var ttl = ThreadTtl.minutes(fields.objectNode("ttl"), fields::problem);
        fields.requireValid();
        return new ThreadPatchBody(metadata == null ? Map.of() : metadata, ttl);
    }
}
