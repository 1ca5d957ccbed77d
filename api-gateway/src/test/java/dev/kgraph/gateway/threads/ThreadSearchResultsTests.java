package dev.kgraph.gateway.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ThreadSearchResultsTests {

    @Test
    void pagesAreCutFromTheMergedOrderNotFromAnyOnePartition() {
        // created_at order across partitions: t1 (p0) < t2 (p1) < t3 (p0) < t4 (p2) < t5 (p1)
        var p0 = partition(5, thread("t1", "2026-11-22T10:00:01Z"), thread("t3", "2026-11-22T10:00:03Z"));
        var p1 = partition(4, thread("t2", "2026-11-22T10:00:02Z"), thread("t5", "2026-11-22T10:00:05Z"));
        var p2 = partition(1, thread("t4", "2026-11-22T10:00:04Z"));
        var search = search(2, 1, "created_at", "asc");

        var page = ThreadSearchResults.merge(search, List.of(p0, p1, p2));

        assertThat(ids(page)).containsExactly("t2", "t3");
        assertThat(page.total()).isEqualTo(10);
        assertThat(page.next()).isEqualTo(OptionalInt.of(3));
    }

    @Test
    void newestFirstByDefaultAndNoNextOffsetOnTheLastPage() {
        var p0 = partition(2, thread("a", "2026-11-22T10:00:01Z"), thread("c", "2026-11-22T10:00:03Z"));
        var p1 = partition(1, thread("b", "2026-11-22T10:00:02Z"));

        var page = ThreadSearchResults.merge(search(10, 0, "created_at", "desc"), List.of(p0, p1));

        assertThat(ids(page)).containsExactly("c", "b", "a");
        assertThat(page.total()).isEqualTo(3);
        assertThat(page.next()).isEmpty();
    }

    @Test
    void timestampsCompareAsInstantsWhateverTheirFractionDigits() {
        // as text, "...:01Z" sorts after "...:01.500Z", though it is half a second earlier
        var page = ThreadSearchResults.merge(search(10, 0, "updated_at", "asc"), List.of(
                partition(1, thread("later", "2026-11-22T10:00:01.500Z")),
                partition(1, thread("earlier", "2026-11-22T10:00:01Z")),
                partition(1, thread("offset", "2026-11-22T11:00:01.250+01:00"))));

        assertThat(ids(page)).containsExactly("earlier", "offset", "later");
    }

    @Test
    void equalKeysAreOrderedByThreadIdInTheRequestedDirection() {
        var same = "2026-11-22T10:00:00Z";
        var parts = List.<Object>of(partition(2, thread("b", same), thread("a", same)), partition(1, thread("c", same)));

        assertThat(ids(ThreadSearchResults.merge(search(10, 0, "created_at", "asc"), parts)))
                .containsExactly("a", "b", "c");
        assertThat(ids(ThreadSearchResults.merge(search(10, 0, "created_at", "desc"), parts)))
                .containsExactly("c", "b", "a");
    }

    @Test
    void sortsByStatusAndThreadIdAsText() {
        var idle = thread("z", "2026-11-22T10:00:00Z");
        idle.put("status", "idle");
        var busy = thread("y", "2026-11-22T10:00:00Z");
        busy.put("status", "busy");
        var error = thread("x", "2026-11-22T10:00:00Z");
        error.put("status", "error");
        var parts = List.<Object>of(partition(2, idle, busy), partition(1, error));

        assertThat(ids(ThreadSearchResults.merge(search(10, 0, "status", "asc"), parts)))
                .containsExactly("y", "x", "z");
        assertThat(ids(ThreadSearchResults.merge(search(10, 0, "thread_id", "asc"), parts)))
                .containsExactly("x", "y", "z");
    }

    @Test
    void anOffsetBeyondTheMatchesGivesAnEmptyPageWithTheTotal() {
        var page = ThreadSearchResults.merge(search(10, 50, "created_at", "desc"),
                List.of(partition(1, thread("a", "2026-11-22T10:00:00Z")), partition(0)));

        assertThat(page.threads()).isEmpty();
        assertThat(page.total()).isEqualTo(1);
        assertThat(page.next()).isEmpty();
    }

    @Test
    void selectKeepsOnlyTheNamedFieldsAfterSorting() {
        var search = new ThreadSearch(null, null, null, null, 10, 0, "created_at", "asc", List.of("thread_id"));

        var page = ThreadSearchResults.merge(search, List.of(partition(2, thread("b", "2026-11-22T10:00:02Z"),
                thread("a", "2026-11-22T10:00:01Z"))));

        assertThat(page.threads()).containsExactly(Map.of("thread_id", "a"), Map.of("thread_id", "b"));
    }

    @Test
    void theComparatorAgreesWithSortingEachPartitionFirst() {
        // every partition sends its own first offset+limit; merging them must equal cutting the full sorted list
        var all = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 30; i++) {
            all.add(thread("id-" + (char) ('a' + (i * 7) % 26) + i, "2026-11-22T10:00:" + String.format("%02d", i % 17)
                    + (i % 3 == 0 ? "Z" : "." + (i % 10) + "00Z")));
        }
        var search = search(4, 6, "created_at", "desc");
        Comparator<Map<String, Object>> order = ThreadSearchResults.order("created_at", false);
        var parts = new ArrayList<Object>();
        for (int p = 0; p < 3; p++) {
            int partition = p;
            var mine = all.stream().filter(t -> Math.floorMod(t.get("thread_id").hashCode(), 3) == partition)
                    .sorted(order).toList();
            parts.add(partition(mine.size(), mine.stream().limit(search.perPartitionLimit())
                    .toArray(Map[]::new)));
        }

        var page = ThreadSearchResults.merge(search, parts);

        assertThat(page.threads()).isEqualTo(all.stream().sorted(order).skip(6).limit(4).toList());
        assertThat(page.total()).isEqualTo(30);
        assertThat(page.next()).isEqualTo(OptionalInt.of(10));
    }

    private static ThreadSearch search(int limit, int offset, String sortBy, String sortOrder) {
        return new ThreadSearch(null, null, null, null, limit, offset, sortBy, sortOrder, null);
    }

    @SafeVarargs
    private static Map<String, Object> partition(int total, Map<String, Object>... threads) {
        return Map.of("threads", List.of(threads), "total", total);
    }

    private static Map<String, Object> thread(String id, String timestamp) {
        var thread = new LinkedHashMap<String, Object>();
        thread.put("thread_id", id);
        thread.put("created_at", timestamp);
        thread.put("updated_at", timestamp);
        thread.put("status", "idle");
        return thread;
    }

    private static List<Object> ids(ThreadSearchResults.SearchPage page) {
        return page.threads().stream().map(thread -> thread.get("thread_id")).toList();
    }
}
