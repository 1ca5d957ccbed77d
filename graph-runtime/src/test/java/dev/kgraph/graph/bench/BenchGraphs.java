package dev.kgraph.graph.bench;

import dev.kgraph.graph.Channels;
import dev.kgraph.graph.CompiledGraph;
import dev.kgraph.graph.StateGraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The graphs and states the benchmarks run: deliberately tiny nodes, so the runtime's own cost dominates. The counter
 * and echo graphs are the examples of {@link dev.kgraph.graph.examples.ExampleGraphs}.
 */
final class BenchGraphs {

    private BenchGraphs() {}

    /** START -> n1 -> ... -> nN -> END over {count: sum}; each node adds 1. N supersteps per run. */
    static CompiledGraph chain(int nodes) {
        StateGraph graph = new StateGraph().channel("count", Channels.sum());
        String previous = StateGraph.START;
        for (int i = 1; i <= nodes; i++) {
            String name = "n" + i;
            graph.addNode(name, (state, ctx) -> Map.of("count", 1));
            graph.addEdge(previous, name);
            previous = name;
        }
        graph.addEdge(previous, StateGraph.END);
        return graph.compile();
    }

    /** {@code count} user messages of about 110 characters of content each, as a chat-sized input. */
    static Map<String, Object> userMessages(int count) {
        List<Object> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(Map.of("role", "user", "content", "message " + i + ": " + "lorem ipsum ".repeat(8)));
        }
        return Map.of("messages", messages);
    }
}
