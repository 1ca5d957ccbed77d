package dev.kgraph.worker.graphs.examples;

import dev.kgraph.graph.Channels;
import dev.kgraph.graph.CompiledGraph;
import dev.kgraph.graph.StateGraph;
import dev.kgraph.worker.graphs.GraphProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The reference server's example graphs, with the same semantics (see {@code shared/anchor/src/graphs.mjs}).
 * Disable with {@code kgraph.worker.example-graphs.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "kgraph.worker.example-graphs", name = "enabled", havingValue = "true",
        matchIfMissing = true)
public class ExampleGraphs {

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

    @Bean
    GraphProvider echoGraph() {
        return provider("echo", echo());
    }

    @Bean
    GraphProvider counterGraph() {
        return provider("counter", counter());
    }

    @Bean
    GraphProvider hitlGraph() {
        return provider("hitl", hitl());
    }

    @Bean
    GraphProvider slowGraph() {
        return provider("slow", slow());
    }

    @Bean
    GraphProvider failGraph() {
        return provider("fail", fail());
    }

    private static GraphProvider provider(String id, CompiledGraph graph) {
        return new GraphProvider() {
            @Override
            public String graphId() {
                return id;
            }

            @Override
            public CompiledGraph graph() {
                return graph;
            }
        };
    }
}
