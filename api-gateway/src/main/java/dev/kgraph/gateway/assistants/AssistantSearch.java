package dev.kgraph.gateway.assistants;

import dev.kgraph.gateway.api.BodyFields;
import dev.kgraph.model.assistants.AssistantRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The filters of {@code POST /assistants/search} and {@code /assistants/count}, applied to the directory: graph id,
 * name (case-insensitive substring) and metadata (JSONB-style containment), then order, page and field selection.
 */
record AssistantSearch(String graphId, String name, Map<String, Object> metadata, int limit, int offset,
                       String sortBy, String sortOrder, List<String> select) {

    static final List<String> FIELDS = List.of("assistant_id", "graph_id", "name", "description", "config",
            "context", "created_at", "updated_at", "metadata", "version");
    static final List<String> SORT_BY = List.of("assistant_id", "graph_id", "name", "created_at", "updated_at");

    static AssistantSearch parse(JsonNode body, boolean paged) {
        var fields = BodyFields.of(body);
        String graphId = fields.string("graph_id");
        String name = fields.string("name");
        Map<String, Object> metadata = fields.object("metadata");
        int limit = paged ? fields.integer("limit", 10, 1, 1000) : Integer.MAX_VALUE;
        int offset = paged ? fields.integer("offset", 0, 0, Integer.MAX_VALUE) : 0;
        String sortBy = paged ? fields.oneOf("sort_by", SORT_BY, "created_at") : "created_at";
        String sortOrder = paged ? fields.oneOf("sort_order", List.of("asc", "desc"), "desc") : "desc";
        List<String> select = paged ? fields.strings("select") : null;
        if (select != null && !FIELDS.containsAll(select)) {
            fields.problem("select", "must be a list of " + String.join(", ", FIELDS));
        }
        fields.requireValid();
        return new AssistantSearch(graphId, name, metadata, limit, offset, sortBy, sortOrder, select);
    }

    List<AssistantRecord> matches(Collection<AssistantRecord> assistants) {
        return assistants.stream()
                .filter(a -> graphId == null || graphId.equals(a.graphId()))
                .filter(a -> name == null || (a.name() != null
                        && a.name().toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT))))
                .filter(a -> metadata == null || Containment.contains(a.metadata(), metadata))
                .sorted(order())
                .toList();
    }

    List<Map<String, Object>> page(List<AssistantRecord> matches) {
        return matches.stream().skip(offset).limit(limit).map(a -> project(a.toApi())).toList();
    }

    private Comparator<AssistantRecord> order() {
        Comparator<AssistantRecord> by = switch (sortBy) {
            case "assistant_id" -> Comparator.comparing(AssistantRecord::assistantId);
            case "graph_id" -> Comparator.comparing(AssistantRecord::graphId);
            case "name" -> Comparator.comparing(a -> Objects.requireNonNullElse(a.name(), ""));
            case "updated_at" -> Comparator.comparing(a -> Instant.parse(a.updatedAt()));
            default -> Comparator.comparing(a -> Instant.parse(a.createdAt()));
        };
        // ties (system assistants published in the same instant) in a stable order
        by = by.thenComparing(AssistantRecord::graphId).thenComparing(AssistantRecord::assistantId);
        return "asc".equals(sortOrder) ? by : by.reversed();
    }

    private Map<String, Object> project(Map<String, Object> assistant) {
        if (select == null || select.isEmpty()) {
            return assistant;
        }
        var projected = new LinkedHashMap<String, Object>();
        select.forEach(field -> projected.put(field, assistant.get(field)));
        return projected;
    }

    /** JSONB-style containment ({@code @>}), as LangGraph Platform filters assistants by metadata. */
    static final class Containment {
        private Containment() {
        }

        static boolean contains(Object actual, Object expected) {
            if (expected instanceof Map<?, ?> wanted) {
                return actual instanceof Map<?, ?> present && wanted.entrySet().stream().allMatch(e ->
                        present.containsKey(e.getKey()) && contains(present.get(e.getKey()), e.getValue()))
                        || wanted.isEmpty();
            }
            if (expected instanceof List<?> wanted) {
                return actual instanceof List<?> present
                        && wanted.stream().allMatch(w -> present.stream().anyMatch(p -> contains(p, w)));
            }
            if (expected instanceof Number n && actual instanceof Number a) {
                return Double.compare(n.doubleValue(), a.doubleValue()) == 0;
            }
            return Objects.equals(actual, expected);
        }
    }
}
