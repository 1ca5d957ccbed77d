package dev.kgraph.gateway.threads;

import dev.kgraph.model.json.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Merges the answers of every partition to one thread search into the page the client asked for. Each partition
 * sends its first {@code offset + limit} matches in the requested order and its match count; the merged list is
 * sorted again, the offset skipped and the limit taken, which is exact because no thread of the page can be beyond
 * the first {@code offset + limit} of its own partition.
 *
 * <p>The order must be the writer's: the sort key in the requested direction, ties broken by {@code thread_id} in the
 * same direction. Timestamps are compared as instants, not as text, since ISO-8601 texts with a different number of
 * fraction digits do not sort chronologically.
 */
final class ThreadSearchResults {

    private ThreadSearchResults() {
    }

    /** The page, from each partition's reply body {@code {"threads": [...], "total": n}}. */
    static SearchPage merge(ThreadSearch search, List<Object> partitionBodies) {
        var threads = new ArrayList<Map<String, Object>>();
        long total = 0;
        for (Object body : partitionBodies) {
            var part = asMap(Json.plain(body));
            if (part.get("threads") instanceof List<?> list) {
                list.forEach(thread -> threads.add(asMap(thread)));
            }
            if (part.get("total") instanceof Number count) {
                total += count.longValue();
            }
        }
        threads.sort(order(search.sortBy(), search.ascending()));
        var page = threads.stream().skip(search.offset()).limit(search.limit())
                .map(thread -> project(thread, search.select())).toList();
        long end = (long) search.offset() + search.limit();
        var next = end < total ? OptionalInt.of((int) end) : OptionalInt.empty();
        return new SearchPage(page, total, next);
    }

    static Comparator<Map<String, Object>> order(String sortBy, boolean ascending) {
        Comparator<Map<String, Object>> byKey = switch (sortBy) {
            case "created_at", "updated_at" -> Comparator.comparing(thread -> instant(thread.get(sortBy)),
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            default -> Comparator.comparing(thread -> text(thread.get(sortBy)));
        };
        var order = byKey.thenComparing(thread -> text(thread.get("thread_id")));
        return ascending ? order : order.reversed();
    }

    private static Map<String, Object> project(Map<String, Object> thread, List<String> select) {
        if (select == null) {
            return thread;
        }
        var projected = new LinkedHashMap<String, Object>();
        select.forEach(field -> projected.put(field, thread.get(field)));
        return projected;
    }

    private static Instant instant(Object value) {
        if (!(value instanceof String text)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notIso) {
            return null;
        }
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /**
     * One page of threads.
     *
     * @param total matches over all partitions ({@code X-Pagination-Total})
     * @param next  the offset of the next page when more matches remain ({@code X-Pagination-Next})
     */
    record SearchPage(List<Map<String, Object>> threads, long total, OptionalInt next) {
    }
}
