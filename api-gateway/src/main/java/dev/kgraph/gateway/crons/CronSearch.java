package dev.kgraph.gateway.crons;

import dev.kgraph.gateway.api.BodyFields;
import dev.kgraph.gateway.api.Ids;
import dev.kgraph.model.assistants.AssistantRecord;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A cron search or count: the filters each partition's writer applies, then the sort, page and field selection this
 * gateway applies to what they all found. An {@code assistant_id} that is a graph name means its system assistant.
 */
record CronSearch(String assistantId, String threadId, Boolean enabled, int limit, int offset, String sortBy,
                  String sortOrder, List<String> select) {

    static final List<String> SORT_FIELDS = List.of("cron_id", "assistant_id", "thread_id", "next_run_date",
            "end_time", "created_at", "updated_at");
    static final List<String> FIELDS = List.of("cron_id", "assistant_id", "thread_id", "on_run_completed",
            "end_time", "schedule", "timezone", "created_at", "updated_at", "payload", "user_id", "next_run_date",
            "metadata", "enabled");

    static CronSearch of(JsonNode body) {
        var fields = BodyFields.of(body);
        var assistant = fields.string("assistant_id");
        var thread = fields.string("thread_id");
        if (thread != null && !Ids.isUuid(thread)) {
            fields.problem("thread_id", "must be a UUID");
        }
        var enabled = fields.bool("enabled");
        int limit = fields.integer("limit", 10, 1, 1000);
        int offset = fields.integer("offset", 0, 0, Integer.MAX_VALUE);
        var sortBy = fields.oneOf("sort_by", SORT_FIELDS, "created_at");
        var sortOrder = fields.oneOf("sort_order", List.of("asc", "desc"), "desc");
        var select = fields.strings("select");
        if (select != null && !FIELDS.containsAll(select)) {
            fields.problem("select", "must list fields among " + String.join(", ", FIELDS));
        }
        fields.requireValid();
        if (assistant != null) {
            assistant = Ids.parseUuid(assistant).map(Object::toString)
                    .orElse(AssistantRecord.systemAssistantId(assistant));
        }
        return new CronSearch(assistant, thread == null ? null : Ids.requireUuid(thread, "thread ID").toString(),
                enabled, limit, offset, sortBy, sortOrder, select);
    }

    /** The requested page of {@code found}, sorted (missing values last), with only the selected fields. */
    List<Map<String, Object>> page(List<Map<String, Object>> found) {
        Comparator<Map<String, Object>> order = Comparator.comparing(cron -> (String) cron.get(sortBy),
                Comparator.nullsLast(Comparator.naturalOrder()));
        if ("desc".equals(sortOrder)) {
            order = Comparator.comparing((Map<String, Object> cron) -> (String) cron.get(sortBy),
                    Comparator.nullsLast(Comparator.<String>reverseOrder()));
        }
        order = order.thenComparing(cron -> (String) cron.get("cron_id"));
        return found.stream().sorted(order).skip(offset).limit(limit).map(this::selected).toList();
    }

    private Map<String, Object> selected(Map<String, Object> cron) {
        if (select == null || select.isEmpty()) {
            return cron;
        }
        var kept = new LinkedHashMap<String, Object>();
        select.forEach(field -> kept.put(field, cron.get(field)));
        return kept;
    }
}
