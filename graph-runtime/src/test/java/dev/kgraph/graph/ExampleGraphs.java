package dev.kgraph.graph;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The five example graphs of the reference server (echo, counter, hitl, slow, fail), written with this API. */
final class ExampleGraphs {

    private ExampleGraphs() {}

    static CompiledGraph echo() {
        return new StateGraph()
                .channel("messages", Channels.append())
                .addNode("echo", (state, ctx) -> {
                    List<?> messages = (List<?>) state.get("messages");
                    Object last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
                    Object content = last instanceof Map<?, ?> m ? m.get("content") : last;
                    return Map.of("messages", List.of(Map.of("role", "ai", "content", "echo: " + content)));
                })
                .addEdge(StateGraph.START, "echo")
                .addEdge("echo", StateGraph.END)
                .compile();
    }

    static CompiledGraph counter() {
        return new StateGraph()
                .channel("count", Channels.sum())
                .channel("log", Channels.append())
                .addNode("a", (state, ctx) -> Map.of("count", 1, "log", List.of("a")))
                .addNode("b", (state, ctx) -> Map.of("count", 1, "log", List.of("b")))
                .addEdge(StateGraph.START, "a")
                .addEdge("a", "b")
                .addEdge("b", StateGraph.END)
                .compile();
    }

    static CompiledGraph hitl() {
        return new StateGraph()
                .channel("question", Channels.lastValue())
                .channel("answer", Channels.lastValue())
                .addNode("ask", (state, ctx) -> {
                    Object q = state.get("question");
                    Object value = ctx.interrupt(Map.of("question", q == null ? "What is your answer?" : q));
                    return java.util.Collections.singletonMap("answer", value);
                })
                .addEdge(StateGraph.START, "ask")
                .addEdge("ask", StateGraph.END)
                .compile();
    }

    static CompiledGraph slow() {
        return new StateGraph()
                .channel("ms", Channels.lastValue())
                .channel("done", Channels.lastValue())
                .addNode("sleep", (state, ctx) -> {
                    long ms = state.get("ms") instanceof Number n ? n.longValue() : 1000;
                    ctx.sleep(Duration.ofMillis(ms));
                    return Map.of("done", true);
                })
                .addEdge(StateGraph.START, "sleep")
                .addEdge("sleep", StateGraph.END)
                .compile();
    }

    static CompiledGraph fail() {
        return new StateGraph()
                .channel("x", Channels.lastValue())
                .addNode("fail", (state, ctx) -> {
                    throw new IllegalStateException("boom");
                })
                .addEdge(StateGraph.START, "fail")
                .addEdge("fail", StateGraph.END)
                .compile();
    }
}
