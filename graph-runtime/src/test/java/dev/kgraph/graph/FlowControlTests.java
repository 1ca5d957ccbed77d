package dev.kgraph.graph;

import dev.kgraph.graph.examples.ExampleGraphs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowControlTests {

    private final InMemoryCheckpointSaver saver = new InMemoryCheckpointSaver();

    private static CompiledGraph mapReduce() {
        return new StateGraph()
                .channel("subjects", Channels.lastValue())
                .channel("results", Channels.append())
                .channel("summary", Channels.lastValue())
                .addNode("work", (arg, c) -> Map.of("results", List.of(((String) arg.get("subject")).toUpperCase())))
                .addNode("summarize", (s, c) -> Map.of("summary", String.join(",", (List<String>) s.get("results"))))
                .addConditionalEdges(StateGraph.START, (s, c) -> ((List<?>) s.get("subjects")).stream()
                        .map(x -> new Send("work", Map.of("subject", x))).toList())
                .addEdge("work", "summarize")
                .addEdge("summarize", StateGraph.END)
                .compile();
    }

    @Test
    void sendFansOutWithPerTaskInputAndResultsKeepSendOrder() {
        RunResult r = mapReduce().invoke(Map.of("subjects", List.of("a", "b", "c")));
        assertThat(r.values()).containsEntry("results", List.of("A", "B", "C")).containsEntry("summary", "A,B,C");
    }

    @Test
    void fanInWaitsForAllSources() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Node named = (s, c) -> {
            order.add(c.node());
            return Map.of("log", List.of(c.node()));
        };
        CompiledGraph g = new StateGraph().channel("log", Channels.append())
                .addNode("a", named).addNode("b", named).addNode("c", named).addNode("c2", named).addNode("join", named)
                .addEdge(StateGraph.START, "a").addEdge("a", "b").addEdge("a", "c").addEdge("c", "c2")
                .addEdge(List.of("b", "c2"), "join").addEdge("join", StateGraph.END).compile();
        RunResult r = g.invoke(Map.of());
        assertThat(r.values()).containsEntry("log", List.of("a", "b", "c", "c2", "join"));
        assertThat(order).filteredOn("join"::equals).hasSize(1);
    }

    @Test
    void conditionalEdgesUseThePathMapAndSeeTheNodesOwnWrites() {
        CompiledGraph g = new StateGraph().channel("n", Channels.sum()).channel("log", Channels.append())
                .addNode("inc", (s, c) -> Map.of("n", 1, "log", "inc"))
                .addConditionalEdges("inc", (s, c) -> ((Number) s.get("n")).intValue() >= 3 ? "stop" : "again",
                        Map.of("again", "inc", "stop", StateGraph.END))
                .addEdge(StateGraph.START, "inc").compile();
        RunResult r = g.invoke(Map.of());
        assertThat(r.values()).containsEntry("n", 3).containsEntry("log", List.of("inc", "inc", "inc"));
    }

    @Test
    void recursionLimitEndsTheRunNamingTheLimit() {
        CompiledGraph loop = new StateGraph().channel("n", Channels.sum())
                .addNode("loop", (s, c) -> Map.of("n", 1))
                .addEdge(StateGraph.START, "loop").addEdge("loop", "loop").compile();
        RunResult r = loop.invoke(Map.of(), RunConfig.builder().threadId("r").recursionLimit(4).build(), saver);
        assertThat(r.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(r.error().type()).isEqualTo("GraphRecursionError");
        assertThat(r.error().message()).startsWith("Recursion limit of 4 reached");
        assertThat(r.next()).containsExactly("loop");
    }

    @Test
    void commandReturnedByANodeUpdatesAndJumps() {
        CompiledGraph g = new StateGraph().channel("log", Channels.append())
                .addNode("decide", (s, c) -> new Command(null, Map.of("log", "decide"), "right"), List.of("left", "right"))
                .addNode("left", (s, c) -> Map.of("log", "left"))
                .addNode("right", (s, c) -> Map.of("log", "right"))
                .addEdge(StateGraph.START, "decide").compile();
        assertThat(g.invoke(Map.of()).values()).containsEntry("log", List.of("decide", "right"));
    }

    @Test
    void commandInputGotoUpdateAndBothTogether() {
        CompiledGraph g = ExampleGraphs.counter();
        assertThat(g.invoke(Command.goTo("b"), RunConfig.forThread("g1"), saver).values())
                .isEqualTo(Map.of("count", 1, "log", List.of("b")));
        assertThat(g.invoke(Command.goTo(new Send("b", Map.of("count", 5))), RunConfig.forThread("g2"), saver).values())
                .isEqualTo(Map.of("count", 1, "log", List.of("b")));
        assertThat(g.invoke(Command.update(Map.of("count", 10, "log", List.of("u"))), RunConfig.forThread("g3"), saver)
                .values()).isEqualTo(Map.of("count", 10, "log", List.of("u")));
        Command tuples = new Command(null, List.of(List.of("count", 7), List.of("log", List.of("t"))), "b");
        assertThat(g.invoke(tuples, RunConfig.forThread("g4"), saver).values())
                .isEqualTo(Map.of("count", 8, "log", List.of("t", "b")));
    }

    @Test
    void staticBreakpointsBeforeAfterAndStar() {
        CompiledGraph g = ExampleGraphs.counter();
        RunResult before = g.invoke(Map.of(), RunConfig.builder().threadId("s1").interruptBefore(List.of("b")).build(), saver);
        assertThat(before.status()).isEqualTo(RunResult.Status.INTERRUPTED);
        assertThat(before.interrupts()).isEmpty();
        assertThat(before.next()).containsExactly("b");
        RunResult resumed = g.invoke(null, RunConfig.builder().threadId("s1").interruptBefore(List.of("b")).build(), saver);
        assertThat(resumed.values()).isEqualTo(Map.of("count", 2, "log", List.of("a", "b")));

        RunResult after = g.invoke(Map.of(), RunConfig.builder().threadId("s2").interruptAfter(List.of("a")).build(), saver);
        assertThat(after.next()).containsExactly("b");
        RunResult star = g.invoke(Map.of(), RunConfig.builder().threadId("s3").interruptBefore(List.of("*")).build(), saver);
        assertThat(star.next()).containsExactly("a");
    }

    @Test
    void newInputOnAnInterruptedThreadDropsThePendingTask() {
        CompiledGraph g = ExampleGraphs.counter();
        g.invoke(Map.of(), RunConfig.builder().threadId("n1").interruptBefore(List.of("b")).build(), saver);
        RunResult r = g.invoke(Map.of("count", 100), RunConfig.forThread("n1"), saver);
        assertThat(r.values()).isEqualTo(Map.of("count", 103, "log", List.of("a", "a", "b")));
    }

    @Test
    void gotoOnAnInterruptedThreadRunsThePendingTaskToo() {
        CompiledGraph g = ExampleGraphs.counter();
        g.invoke(Map.of(), RunConfig.builder().threadId("n2").interruptBefore(List.of("b")).build(), saver);
        RunResult r = g.invoke(Command.goTo("a"), RunConfig.forThread("n2"), saver);
        assertThat(r.values()).isEqualTo(Map.of("count", 4, "log", List.of("a", "a", "b", "b")));
    }
}
