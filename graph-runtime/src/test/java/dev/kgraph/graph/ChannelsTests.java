package dev.kgraph.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelsTests {

    private static StateGraph parallelWriters(ChannelSpec spec, Object left, Object right) {
        return new StateGraph()
                .channel("v", spec)
                .addNode("l", (s, c) -> Map.of("v", left))
                .addNode("r", (s, c) -> Map.of("v", right))
                .addEdge(StateGraph.START, "l")
                .addEdge(StateGraph.START, "r")
                .addEdge("l", StateGraph.END)
                .addEdge("r", StateGraph.END);
    }

    @Test
    void sumAddsParallelWritesAndWidensToDouble() {
        RunResult ints = parallelWriters(Channels.sum(), 2, 3).compile().invoke(Map.of("v", 10));
        assertThat(ints.values()).containsEntry("v", 15);
        RunResult mixed = parallelWriters(Channels.sum(), 2, 0.5).compile().invoke(Map.of());
        assertThat(mixed.values()).containsEntry("v", 2.5);
    }

    @Test
    void appendConcatenatesListsAndAppendsSingleItemsInNodeNameOrder() {
        RunResult r = parallelWriters(Channels.append(), List.of("x", "y"), "z").compile().invoke(Map.of("v", List.of("0")));
        assertThat(r.values()).containsEntry("v", List.of("0", "x", "y", "z"));
    }

    @Test
    void lastValueRejectsTwoWritesInOneStep() {
        RunResult r = parallelWriters(Channels.lastValue(), "a", "b").compile().invoke(Map.of());
        assertThat(r.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(r.error().type()).isEqualTo("InvalidUpdateError");
        assertThat(r.error().message()).startsWith("Invalid update for channel \"v\" with values [\"a\",\"b\"]");
    }

    @Test
    void customReducerWithDefault() {
        RunResult r = parallelWriters(Channels.reducer((a, b) -> Math.max(((Number) a).intValue(),
                ((Number) b).intValue()), () -> 0), 7, 4).compile().invoke(Map.of());
        assertThat(r.values()).containsEntry("v", 7);
    }

    @Test
    void nullIsKeptAsAValue() {
        Map<String, Object> input = new HashMap<>();
        input.put("v", null);
        CompiledGraph g = new StateGraph().channel("v", Channels.lastValue())
                .addNode("n", (s, c) -> {
                    assertThat(s).containsKey("v");
                    return null;
                })
                .addEdge(StateGraph.START, "n").compile();
        RunResult r = g.invoke(input, RunConfig.forThread("n"), new InMemoryCheckpointSaver());
        assertThat(r.values()).containsEntry("v", null);
    }

    @Test
    void ephemeralValueIsVisibleOneStepThenCleared() {
        List<Object> seenByB = new ArrayList<>();
        List<Object> seenByC = new ArrayList<>();
        CompiledGraph g = new StateGraph()
                .channel("tmp", Channels.ephemeral())
                .channel("log", Channels.append())
                .addNode("a", (s, c) -> Map.of("tmp", "hello"))
                .addNode("b", (s, c) -> {
                    seenByB.add(s.get("tmp"));
                    return Map.of("log", "b");
                })
                .addNode("c", (s, c) -> {
                    seenByC.add(s.containsKey("tmp"));
                    return null;
                })
                .addSequence(Arrays.asList(StateGraph.START, "a", "b", "c"))
                .compile();
        RunResult r = g.invoke(Map.of());
        assertThat(seenByB).containsExactly("hello");
        assertThat(seenByC).containsExactly(false);
        assertThat(r.values()).doesNotContainKey("tmp");
    }
}
