package dev.kgraph.gateway.runs;

import dev.kgraph.gateway.api.Ids;
import dev.kgraph.gateway.api.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST /runs/cancel}: either {@code {thread_id, run_ids}} or {@code {status}}, never both and never
 * neither (422, like the Python server). Ids are normalised to the lowercase hyphenated form the writer stores.
 */
sealed interface BulkCancelBody {

    /** Named runs of one thread. */
    record RunsOfThread(String threadId, List<String> runIds) implements BulkCancelBody {
    }

    /** Every run, on any thread, that is {@code pending}, {@code running}, or either ({@code all}). */
    record RunsInStatus(String status) implements BulkCancelBody {
    }

    static BulkCancelBody parse(JsonNode body) {
        if (!(body instanceof ObjectNode object)) {
            throw new InvalidRequestException("body: must be a JSON object");
        }
        JsonNode threadId = present(object.get("thread_id"));
        JsonNode runIds = present(object.get("run_ids"));
        JsonNode status = present(object.get("status"));
        if (status != null && (threadId != null || runIds != null)) {
            throw new InvalidRequestException("body: give either thread_id and run_ids, or status, not both");
        }
        if (status != null) {
            if (!status.isString() || !List.of("pending", "running", "all").contains(status.stringValue())) {
                throw new InvalidRequestException("status: must be one of pending, running, all");
            }
            return new RunsInStatus(status.stringValue());
        }
        if (threadId == null || runIds == null) {
            throw new InvalidRequestException("body: give either thread_id and run_ids, or status");
        }
        var problems = new ArrayList<String>();
        String thread = threadId.isString() ? Ids.parseUuid(threadId.stringValue()).map(Object::toString).orElse(null)
                : null;
        if (thread == null) {
            problems.add("thread_id: must be a UUID");
        }
        List<String> runs = runIds(runIds);
        if (runs == null) {
            problems.add("run_ids: must be a non-empty list of UUIDs");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new RunsOfThread(thread, runs);
    }

    private static List<String> runIds(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            return null;
        }
        var ids = new ArrayList<String>(node.size());
        for (JsonNode element : node.values()) {
            var id = element.isString() ? Ids.parseUuid(element.stringValue()) : Optional.<UUID>empty();
            if (id.isEmpty()) {
                return null;
            }
            ids.add(id.get().toString());
        }
        return List.copyOf(ids);
    }

    /** Absent and JSON {@code null} both mean "not given", as SDKs send {@code null} for unset fields. */
    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}
