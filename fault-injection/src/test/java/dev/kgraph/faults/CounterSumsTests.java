package dev.kgraph.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Enqueued counter runs: the k-th accepted one in send order must answer count 2k; the ones not accepted count 0. */
class CounterSumsTests {
    private final ThreadPlan plan = new ThreadPlan(ThreadPlan.Kind.COUNTERS);

    @Test
    void eachAcceptedRunAddsTwoInSendOrderAndTheOthersNothing() {
        var first = op();
        var notAccepted = op();
        var third = op();

        var expected = CounterSums.expected(plan, new LinkedHashSet<>(List.of(first, third)));

        assertThat(expected).containsOnlyKeys(first.id, third.id)
                .containsEntry(first.id, Map.of("count", 2, "log", List.of("a", "b")))
                .containsEntry(third.id, Map.of("count", 4, "log", List.of("a", "b", "a", "b")));
        assertThat(notAccepted.id).isNotIn(expected.keySet());
    }

    private Op op() {
        var op = new Op(plan, "counter", null);
        plan.ops.add(op);
        return op;
    }
}
