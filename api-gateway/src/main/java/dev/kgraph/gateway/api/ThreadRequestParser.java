package dev.kgraph.gateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Validates and types the body of {@code POST /threads}; all problems are reported together as a 422. */
public final class ThreadRequestParser {

    private ThreadRequestParser() {
    }

    /** An absent body ({@code null} or a missing node) means "all defaults", as {@code threads.create()} may send none. */
    public static ThreadCreateRequest parse(@Nullable JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return new ThreadCreateRequest(null, null, null, null);
        }
        if (!(body instanceof ObjectNode object)) {
            throw new InvalidRequestException("body: must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        FieldReader fields = new FieldReader(object, "", problems);
        ThreadCreateRequest request = new ThreadCreateRequest(threadId(fields), fields.object("metadata"),
                fields.oneOf("if_exists", IfExists.class), ThreadTtl.minutes(fields.object("ttl"), fields::problem));
        // "supersteps" is accepted and ignored: see ThreadCreateRequest.
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return request;
    }

    private static @Nullable UUID threadId(FieldReader fields) {
        String text = fields.string("thread_id");
        if (text == null) {
            return null;
        }
        UUID id = Ids.parseUuid(text).orElse(null);
        if (id == null) {
            fields.problem("thread_id", "must be a UUID");
        }
        return id;
    }
}
