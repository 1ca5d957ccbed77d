package dev.kgraph.gateway.threads;

import dev.kgraph.gateway.api.BodyFields;
import dev.kgraph.gateway.api.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /threads/search}, validated (422 naming every bad field) and with the Python server's
 * defaults applied. {@code extract} and unknown fields are accepted and ignored.
 *
 * @param ids      thread ids, normalised to the lowercase hyphenated form the writer stores; {@code null} for any
 * @param metadata JSONB-style containment filter on the thread's metadata; {@code null} for any
 * @param values   containment filter on the thread's values; {@code null} for any
 * @param status   {@code idle|busy|interrupted|error}; {@code null} for any
 * @param select   the Thread fields to return; {@code null} for all of them
 */
record ThreadSearch(List<String> ids, Map<String, Object> metadata, Map<String, Object> values, String status,
                    int limit, int offset, String sortBy, String sortOrder, List<String> select) {

    static final List<String> STATUSES = List.of("idle", "busy", "interrupted", "error");
    static final List<String> SORT_KEYS = List.of("thread_id", "status", "created_at", "updated_at");
    static final List<String> SORT_ORDERS = List.of("asc", "desc");
    static final List<String> FIELDS = List.of("thread_id", "created_at", "updated_at", "state_updated_at",
            "metadata", "config", "status", "values", "interrupts", "error");
    static final int MAX_LIMIT = 1000;

    static ThreadSearch parse(JsonNode body) {
        var fields = BodyFields.of(body);
        var search = new ThreadSearch(ids(fields), fields.object("metadata"), fields.object("values"),
                fields.oneOf("status", STATUSES, null),
                fields.integer("limit", 10, 1, MAX_LIMIT),
                fields.integer("offset", 0, 0, Integer.MAX_VALUE),
                fields.oneOf("sort_by", SORT_KEYS, "created_at"),
                fields.oneOf("sort_order", SORT_ORDERS, "desc"),
                select(fields));
        fields.requireValid();
        return search;
    }

    boolean ascending() {
        return sortOrder.equals("asc");
    }

    /** How many matches each partition must return so that the merged page is exact: all of those before it, too. */
    int perPartitionLimit() {
        return (int) Math.min(Integer.MAX_VALUE, (long) offset + limit);
    }

    private static List<String> ids(BodyFields fields) {
        List<String> raw = fields.strings("ids");
        if (raw == null) {
            return null;
        }
        var ids = new ArrayList<String>(raw.size());
        for (String id : raw) {
            var uuid = Ids.parseUuid(id);
            if (uuid.isEmpty()) {
                fields.problem("ids", "must be a list of UUIDs");
                return null;
            }
            ids.add(uuid.get().toString());
        }
        return List.copyOf(ids);
    }

    private static List<String> select(BodyFields fields) {
        List<String> select = fields.strings("select");
        if (select != null && !FIELDS.containsAll(select)) {
            fields.problem("select", "must be a list of " + String.join(", ", FIELDS));
            return null;
        }
        return select;
    }
}
