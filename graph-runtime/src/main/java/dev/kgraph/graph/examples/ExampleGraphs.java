package dev.kgraph.graph.examples;

import dev.kgraph.graph.Channels;
import dev.kgraph.graph.CompiledGraph;
import dev.kgraph.graph.StateGraph;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The five example graphs of the LangGraph reference server (its {@code src/graphs.mjs}), with the same
 * semantics: {@code echo}, {@code counter}, {@code hitl}, {@code slow} and {@code fail}, plus {@code chat}, which
 * answers token by token so the {@code messages} stream modes have something to show, {@code emitter}, which sends
 * a given number of custom stream events (the streaming benchmark's graph), and {@code memory}. The worker serves
 * them by default; the runtime's tests run them too.
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

    /**
     * {@code messages} (append); node {@code chat} answers {@code "You said: " + last content} as an AI message
     * ({@code {type: "ai", id, content}}), streaming it first as one chunk per word (with its trailing space) through
     * {@link dev.kgraph.graph.NodeContext#emitMessageChunk}, as a chat model would: deterministic, no network. The
     * message id is derived from the task id, so a retried step answers with the same id. It then sends the custom
     * stream event {@code {"tokens": n}}.
     */
    public static CompiledGraph chat() {
        return new StateGraph()
                .channel("messages", Channels.append())
                .addNode("chat", (state, ctx) -> {
                    var messages = (List<?>) state.get("messages");
                    Object last = messages == null || messages.isEmpty() ? null : messages.getLast();
                    Object content = last instanceof Map<?, ?> message ? message.get("content") : last;
                    String answer = "You said: " + content;
                    String id = "run-" + ctx.taskId();
                    var tokens = tokens(answer);
                    for (String token : tokens) {
                        ctx.emitMessageChunk(id, token);
                    }
                    ctx.emit(Map.of("tokens", tokens.size())); // a custom stream event, as a node's stream writer sends
                    var reply = new java.util.LinkedHashMap<String, Object>();
                    reply.put("type", "ai");
                    reply.put("id", id);
                    reply.put("content", answer);
                    return Map.of("messages", List.of(reply));
                })
                .addEdge(StateGraph.START, "chat")
                .addEdge("chat", StateGraph.END)
                .compile();
    }

    /** The most custom events one {@link #emitter()} run sends: keeps a mistyped {@code count} harmless. */
    public static final int MAX_EMITTED = 10_000;

    /**
     * {@code count} (last value, default 100) and {@code emitted}; node {@code emit} sends {@code count} custom
     * stream events {@code {"i": 0}}, {@code {"i": 1}}, ... through {@link dev.kgraph.graph.NodeContext#emit}, then
     * sets {@code emitted} to how many it sent. Deterministic and immediate: the streaming benchmark checks that
     * every stream got every index, in order. A {@code count} outside 0..{@value #MAX_EMITTED} fails the run.
     */
    public static CompiledGraph emitter() {
        return new StateGraph()
                .channel("count", Channels.lastValue())
                .channel("emitted", Channels.lastValue())
                .addNode("emit", (state, ctx) -> {
                    int count = state.get("count") instanceof Number n ? n.intValue() : 100;
                    if (count < 0 || count > MAX_EMITTED) {
                        throw new IllegalArgumentException("count must be in 0.." + MAX_EMITTED + ", was " + count);
                    }
                    for (int i = 0; i < count; i++) {
                        ctx.emit(Map.of("i", i));
                    }
                    return Map.of("emitted", count);
                })
                .addEdge(StateGraph.START, "emit")
                .addEdge("emit", StateGraph.END)
                .compile();
    }

    /**
     * {@code messages} (append); remembers {@code "remember <fact>"} messages in the store under
     * {@code ("memories", user_id)} and answers with every fact remembered for the user, across threads. Needs a
     * store ({@code RunConfig.Builder#store}; the worker gives every run the server's).
     */
    public static CompiledGraph memory() {
        return MemoryGraph.build();
    }

    /** Words with their trailing space: {@code "a b"} gives {@code ["a ", "b"]}. */
    static List<String> tokens(String text) {
        var out = new java.util.ArrayList<String>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }
}
