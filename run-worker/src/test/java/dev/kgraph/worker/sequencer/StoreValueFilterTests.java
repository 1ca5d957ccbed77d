package dev.kgraph.worker.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The search filter on item values, as LangGraph's stores compare. */
class StoreValueFilterTests {
    private final Map<String, Object> value = Map.of("n", 3, "x", 1.5, "name", "tea", "tags", List.of("a", "b"),
            "nested", Map.of("k", 1, "deep", Map.of("z", true)));

    @Test
    void plainValuesMustBeEqualWithNumbersComparedByValue() {
        assertThat(StoreValueFilter.matches(value, Map.of("name", "tea", "n", 3.0))).isTrue();
        assertThat(StoreValueFilter.matches(value, Map.of("name", "coffee"))).isFalse();
        assertThat(StoreValueFilter.matches(value, Map.of("missing", "x"))).isFalse();
        assertThat(StoreValueFilter.matches(value, null)).isTrue();
        assertThat(StoreValueFilter.matches(value, Map.of())).isTrue();
    }

    @Test
    void objectsMatchFieldByFieldAndListsElementByElement() {
        assertThat(StoreValueFilter.matches(value, Map.of("nested", Map.of("deep", Map.of("z", true))))).isTrue();
        assertThat(StoreValueFilter.matches(value, Map.of("nested", Map.of("k", 2)))).isFalse();
        assertThat(StoreValueFilter.matches(value, Map.of("tags", List.of("a", "b")))).isTrue();
        assertThat(StoreValueFilter.matches(value, Map.of("tags", List.of("a")))).isFalse();
        assertThat(StoreValueFilter.matches(value, Map.of("name", Map.of("k", 1)))).isFalse();
        assertThat(StoreValueFilter.matches(value, Map.of("nested", "text"))).isFalse();
    }

    @Test
    void operatorsCompareNumbersAndStringsAndNothingElse() {
        assertThat(StoreValueFilter.matches(value, Map.of("n", Map.of("$gt", 2, "$lte", 3)))).isTrue();
        assertThat(StoreValueFilter.matches(value, Map.of("x", Map.of("$lt", 1.5)))).isFalse();
        assertThat(StoreValueFilter.matches(value, Map.of("name", Map.of("$gte", "tea", "$ne", "coffee")))).isTrue();
        assertThat(StoreValueFilter.matches(value, Map.of("name", Map.of("$lt", 5)))).isFalse();
        assertThat(StoreValueFilter.matches(value, Map.of("name", Map.of("$gt", 5)))).isFalse();
        assertThat(StoreValueFilter.matches(value, Map.of("n", Map.of("$eq", 3)))).isTrue();
        assertThat(StoreValueFilter.matches(value, Map.of("n", Map.of("$regex", ".*")))).isFalse();
    }
}
