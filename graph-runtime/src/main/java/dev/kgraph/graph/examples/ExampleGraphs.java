package dev.kgraph.graph.examples;

import dev.kgraph.graph.Channels;
import dev.kgraph.graph.CompiledGraph;
import dev.kgraph.graph.StateGraph;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The five example graphs of the LangGraph reference server (its {@code src/graphs.mjs}), with the same
 * semantics: {@code echo}, {@code counter}, {@code hitl}, {@code slow} and {@code fail}. The worker serves them by
 * default; the runtime's tests run them too.
 */
public final class ExampleGraphs {

    private ExampleGraphs() {
    }

    /** {@code messages} (append); node {@code echo} appends {@code {role: ai, content: "echo: " + last content}}. */
    public static CompiledGraph echo() {
        return new StateGraph()
                .channel("messages", Channels.append())
                .addNode("echo", (state, ctx) -> {
                    var messages = (List<?>) state.get("messages");
                    Object last = messages == null || messages.isEmpty() ? null : messages.getLast();
                    Object content = last instanceof Map<?, ?> message ? message.get("content") : last;
                    var reply = new java.util.LinkedHashMap<String, Object>(); // keeps "role" first, as the reference
                    reply.put("role", "ai");
                    reply.put("content", "echo: " + content);
                    return Map.of("messages", List.of(reply));
                })
                .addEdge(StateGraph.START, "echo")
                .addEdge("echo", StateGraph.END)
                .compile();
    }

    /** {@code count} (sum, 0) and {@code log} (append); {@code START → a → b → END}, each adds 1 and its name. */
    public static CompiledGraph counter() {
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

    /** Node {@code ask} interrupts with the question and stores the resume value as {@code answer}. */
    public static CompiledGraph hitl() {
        return new StateGraph()
                .channel("question", Channels.lastValue())
                .channel("answer", Channels.lastValue())
                .addNode("ask", (state, ctx) -> {
                    Object question = state.get("question") != null ? state.get("question") : "What is your answer?";
                    Object answer = ctx.interrupt(Map.of("question", question));
                    return java.util.Collections.singletonMap("answer", answer);
                })
                .addEdge(StateGraph.START, "ask")
                .addEdge("ask", StateGraph.END)
                .compile();
    }

    /** Node {@code sleep} waits {@code ms} (default 1000) then sets {@code done}; cancelling the run ends the wait. */
    public static CompiledGraph slow() {
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

    /** Node {@code fail} throws an error with message {@code boom}. */
    public static CompiledGraph fail() {
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
