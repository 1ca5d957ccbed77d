package dev.kgraph.graph.golden;

import dev.kgraph.graph.Channels;
import dev.kgraph.graph.Command;
import dev.kgraph.graph.CompiledGraph;
import dev.kgraph.graph.Node;
import dev.kgraph.graph.NodeContext;
import dev.kgraph.graph.Send;
import dev.kgraph.graph.StateGraph;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static dev.kgraph.graph.StateGraph.END;
import static dev.kgraph.graph.StateGraph.START;

/**
 * The golden graphs in Java, node for node and edge for edge the same as {@code graph-runtime/golden/graphs.mjs}:
 * change both together. Each JS {@code Annotation()} is {@link Channels#lastValue()}, the JS append reducer is
 * {@link Channels#append()} and the JS sum reducer is {@link Channels#sum()}.
 *
 * <p>The one unavoidable translation: a JS node throws {@code new Error("boom")}; the Java node throws a plain
 * {@link RuntimeException}, whose type the comparison reads as JS's {@code Error} (see {@link CaseNormaliser}).
 */
public final class GoldenGraphs {

    private static final Map<String, Supplier<CompiledGraph>> GRAPHS = Map.ofEntries(
            Map.entry("echo", GoldenGraphs::echo),
            Map.entry("counter", GoldenGraphs::counter),
            Map.entry("hitl", GoldenGraphs::hitl),
            Map.entry("slow", GoldenGraphs::slow),
            Map.entry("fail", GoldenGraphs::fail),
            Map.entry("fanout", GoldenGraphs::fanout),
            Map.entry("conflict", GoldenGraphs::conflict),
            Map.entry("mapreduce", GoldenGraphs::mapreduce),
            Map.entry("subgraph", GoldenGraphs::subgraph),
            Map.entry("subgraph-hitl", GoldenGraphs::subgraphHitl),
            Map.entry("cycle", GoldenGraphs::cycle),
            Map.entry("multi-interrupt", GoldenGraphs::multiInterrupt),
            Map.entry("parallel-interrupts", GoldenGraphs::parallelInterrupts),
            Map.entry("branch", GoldenGraphs::branch),
            Map.entry("command-node", GoldenGraphs::commandNode),
            Map.entry("chat", GoldenGraphs::chat),
            Map.entry("subgraph-chat", GoldenGraphs::subgraphChat));

    private GoldenGraphs() {}

    public static CompiledGraph compile(String name) {
        Supplier<CompiledGraph> graph = GRAPHS.get(name);
        if (graph == null) {
            throw new IllegalArgumentException("No Java mirror for golden graph " + name);
        }
        return graph.get();
    }

    // ---------------------------------------------------------------- the anchor's five graphs

    /** echo: appends {role:"ai", content:"echo: " + last message content}. */
    static CompiledGraph echo() {
        return new StateGraph()
                .channel("messages", Channels.append())
                .addNode("echo", (state, ctx) -> {
                    List<?> messages = (List<?>) state.get("messages");
                    Object last = messages.isEmpty() ? null : messages.getLast();
                    Object content = last instanceof Map<?, ?> message ? message.get("content") : last;
                    return Map.of("messages", List.of(Map.of("role", "ai", "content", "echo: " + content)));
                })
                .addEdge(START, "echo")
                .addEdge("echo", END)
                .compile();
    }

    /** counter: START -> a -> b -> END; each node adds 1 to count and appends its name to log. */
    static CompiledGraph counter() {
        return new StateGraph()
                .channel("count", Channels.sum())
                .channel("log", Channels.append())
                .addNode("a", (state, ctx) -> Map.of("count", 1, "log", List.of("a")))
                .addNode("b", (state, ctx) -> Map.of("count", 1, "log", List.of("b")))
                .addEdge(START, "a")
                .addEdge("a", "b")
                .addEdge("b", END)
                .compile();
    }

    /** hitl: node ask interrupts with {question} and stores the resume value as answer. */
    static CompiledGraph hitl() {
        return new StateGraph()
                .channel("question", Channels.lastValue())
                .channel("answer", Channels.lastValue())
                .addNode("ask", (state, ctx) -> {
                    Object question = state.get("question") != null ? state.get("question") : "What is your answer?";
                    Object value = ctx.interrupt(Map.of("question", question));
                    return singleUpdate("answer", value);
                })
                .addEdge(START, "ask")
                .addEdge("ask", END)
                .compile();
    }

    /** slow: node sleep waits state.ms (default 1000) milliseconds, then sets done = true. */
    static CompiledGraph slow() {
        return new StateGraph()
                .channel("ms", Channels.lastValue())
                .channel("done", Channels.lastValue())
                .addNode("sleep", (state, ctx) -> {
                    long ms = state.get("ms") instanceof Number n ? n.longValue() : 1000;
                    ctx.sleep(Duration.ofMillis(ms));
                    return Map.of("done", true);
                })
                .addEdge(START, "sleep")
                .addEdge("sleep", END)
                .compile();
    }

    /** fail: node fail throws "boom". */
    static CompiledGraph fail() {
        return new StateGraph()
                .channel("x", Channels.lastValue())
                .addNode("fail", (state, ctx) -> {
                    throw new RuntimeException("boom");
                })
                .addEdge(START, "fail")
                .addEdge("fail", END)
                .compile();
    }

    // ---------------------------------------------------------------- execution-model graphs

    /** fanout: START -> a; a -> b and a -> c; c -> c2; join waits for b and c2. Each node appends its name. */
    static CompiledGraph fanout() {
        return new StateGraph()
                .channel("log", Channels.append())
                .addNode("a", appendsName("a"))
                .addNode("b", appendsName("b"))
                .addNode("c", appendsName("c"))
                .addNode("c2", appendsName("c2"))
                .addNode("join", appendsName("join"))
                .addEdge(START, "a")
                .addEdge("a", "b")
                .addEdge("a", "c")
                .addEdge("c", "c2")
                .addEdge(List.of("b", "c2"), "join")
                .addEdge("join", END)
                .compile();
    }

    /** conflict: START -> left and START -> right in parallel, both write the last-value channel value. */
    static CompiledGraph conflict() {
        return new StateGraph()
                .channel("value", Channels.lastValue())
                .addNode("left", (state, ctx) -> Map.of("value", "left"))
                .addNode("right", (state, ctx) -> Map.of("value", "right"))
                .addEdge(START, "left")
                .addEdge(START, "right")
                .addEdge("left", END)
                .addEdge("right", END)
                .compile();
    }

    /** mapreduce: one Send("work", {subject}) per subject from START; work upper-cases; summarize joins with ",". */
    static CompiledGraph mapreduce() {
        return new StateGraph()
                .channel("subjects", Channels.lastValue())
                .channel("results", Channels.append())
                .channel("summary", Channels.lastValue())
                .addNode("work", (arg, ctx) -> Map.of("results", List.of(((String) arg.get("subject")).toUpperCase())))
                .addNode("summarize", (state, ctx) -> Map.of("summary", ((List<?>) state.get("results")).stream()
                        .map(String::valueOf).collect(Collectors.joining(","))))
                .addConditionalEdges(START, (state, ctx) -> ((List<?>) state.get("subjects")).stream()
                        .map(subject -> (Object) new Send("work", Map.of("subject", subject))).toList())
                .addEdge("work", "summarize")
                .addEdge("summarize", END)
                .compile();
    }

    /** subgraph: START -> before -> sub -> after -> END; sub is START -> s1 -> s2 -> END over the same keys. */
    static CompiledGraph subgraph() {
        CompiledGraph child = new StateGraph()
                .channel("count", Channels.sum())
                .channel("log", Channels.append())
                .addNode("s1", (state, ctx) -> Map.of("count", 1, "log", List.of("s1")))
                .addNode("s2", (state, ctx) -> Map.of("count", 1, "log", List.of("s2")))
                .addEdge(START, "s1")
                .addEdge("s1", "s2")
                .addEdge("s2", END)
                .compile();
        return new StateGraph()
                .channel("count", Channels.sum())
                .channel("log", Channels.append())
                .addNode("before", (state, ctx) -> Map.of("count", 1, "log", List.of("before")))
                .addNode("sub", child)
                .addNode("after", (state, ctx) -> Map.of("count", 1, "log", List.of("after")))
                .addEdge(START, "before")
                .addEdge("before", "sub")
                .addEdge("sub", "after")
                .addEdge("after", END)
                .compile();
    }

    /** subgraph-hitl: START -> before -> sub -> after -> END; sub's node ask interrupts with {question:"sub?"}. */
    static CompiledGraph subgraphHitl() {
        CompiledGraph child = new StateGraph()
                .channel("log", Channels.append())
                .channel("answer", Channels.lastValue())
                .addNode("ask", (state, ctx) -> {
                    Object value = ctx.interrupt(Map.of("question", "sub?"));
                    Map<String, Object> update = singleUpdate("answer", value);
                    update.put("log", List.of("ask"));
                    return update;
                })
                .addEdge(START, "ask")
                .addEdge("ask", END)
                .compile();
        return new StateGraph()
                .channel("log", Channels.append())
                .channel("answer", Channels.lastValue())
                .addNode("before", appendsName("before"))
                .addNode("sub", child)
                .addNode("after", appendsName("after"))
                .addEdge(START, "before")
                .addEdge("before", "sub")
                .addEdge("sub", "after")
                .addEdge("after", END)
                .compile();
    }

    /** cycle: START -> loop; loop adds 1 to count and routes back to itself until count >= 3. */
    static CompiledGraph cycle() {
        return new StateGraph()
                .channel("count", Channels.sum())
                .addNode("loop", (state, ctx) -> Map.of("count", 1))
                .addEdge(START, "loop")
                .addConditionalEdges("loop", (state, ctx) -> ((Number) state.get("count")).doubleValue() >= 3 ? END : "loop")
                .compile();
    }

    /** multi-interrupt: node ask2 interrupts twice ("first?", then "second?") and appends both answers. */
    static CompiledGraph multiInterrupt() {
        return new StateGraph()
                .channel("answers", Channels.append())
                .addNode("ask2", (state, ctx) -> {
                    Object first = ctx.interrupt("first?");
                    Object second = ctx.interrupt("second?");
                    return Map.of("answers", Arrays.asList(first, second));
                })
                .addEdge(START, "ask2")
                .addEdge("ask2", END)
                .compile();
    }

    /** parallel-interrupts: START -> p and START -> q in parallel; each interrupts with its own question. */
    static CompiledGraph parallelInterrupts() {
        return new StateGraph()
                .channel("answers", Channels.append())
                .addNode("p", asking("p"))
                .addNode("q", asking("q"))
                .addEdge(START, "p")
                .addEdge(START, "q")
                .addEdge("p", END)
                .addEdge("q", END)
                .compile();
    }

    /** branch: conditional edges from START with a path map {left: "L", right: "R"} on state.dir. */
    static CompiledGraph branch() {
        return new StateGraph()
                .channel("dir", Channels.lastValue())
                .channel("log", Channels.append())
                .addNode("L", appendsName("L"))
                .addNode("R", appendsName("R"))
                .addConditionalEdges(START, (state, ctx) -> state.get("dir"), Map.of("left", "L", "right", "R"))
                .addEdge("L", END)
                .addEdge("R", END)
                .compile();
    }

    /**
     * command-node: node decide returns Command(update {log:["decide"]}, goto state.target) and declares its possible
     * destinations ({@code ends}) as LangGraph.js requires; left and right append their names.
     */
    static CompiledGraph commandNode() {
        return new StateGraph()
                .channel("target", Channels.lastValue())
                .channel("log", Channels.append())
                .addNode("decide", (state, ctx) -> new Command(null, Map.of("log", List.of("decide")), state.get("target")),
                        List.of("left", "right"))
                .addNode("left", appendsName("left"))
                .addNode("right", appendsName("right"))
                .addEdge(START, "decide")
                .addEdge("left", END)
                .addEdge("right", END)
                .compile();
    }

    // ---------------------------------------------------------------- streaming graphs

    /**
     * chat: START -> chat -> END over messages (append). chat answers "You said: <last content>" one word at a time
     * through {@link NodeContext#emitMessageChunk} (message id "reply-1"), as graphs.mjs's chat model streams it,
     * sends the custom event {tokens: n} and returns the answer as {type: "ai", id, content}.
     */
    static CompiledGraph chat() {
        return new StateGraph()
                .channel("messages", Channels.append())
                .addNode("chat", chatNode("reply-1"))
                .addEdge(START, "chat")
                .addEdge("chat", END)
                .compile();
    }

    /** subgraph-chat: START -> prep -> sub -> END; prep appends "prepared", sub is the chat graph (id "reply-2"). */
    static CompiledGraph subgraphChat() {
        CompiledGraph child = new StateGraph()
                .channel("messages", Channels.append())
                .addNode("chat", chatNode("reply-2"))
                .addEdge(START, "chat")
                .addEdge("chat", END)
                .compile();
        return new StateGraph()
                .channel("messages", Channels.append())
                .addNode("prep", (state, ctx) -> Map.of("messages", List.of("prepared")))
                .addNode("sub", child)
                .addEdge(START, "prep")
                .addEdge("prep", "sub")
                .addEdge("sub", END)
                .compile();
    }

    private static Node chatNode(String id) {
        return (state, ctx) -> {
            List<?> messages = (List<?>) state.get("messages");
            Object last = messages.isEmpty() ? null : messages.getLast();
            Object content = last instanceof Map<?, ?> message ? message.get("content") : last;
            String answer = "You said: " + content;
            List<String> words = words(answer);
            words.forEach(word -> ctx.emitMessageChunk(id, word));
            ctx.emit(Map.of("tokens", words.size()));
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("type", "ai");
            reply.put("id", id);
            reply.put("content", answer);
            return Map.of("messages", List.of(reply));
        };
    }

    /** The words of a text, each with its trailing space (graphs.mjs's words). */
    private static List<String> words(String text) {
        List<String> out = new java.util.ArrayList<>();
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

    // ---------------------------------------------------------------- helpers

    private static Node appendsName(String name) {
        return (state, ctx) -> Map.of("log", List.of(name));
    }

    private static Node asking(String name) {
        return (state, ctx) -> Map.of("answers", List.of(name + ":" + interruptText(ctx, name + "?")));
    }

    private static String interruptText(NodeContext ctx, String question) {
        return String.valueOf(ctx.interrupt(question));
    }

    /** A one-key update that keeps a null value (Map.of rejects nulls; LangGraph writes null as a value). */
    private static Map<String, Object> singleUpdate(String key, Object value) {
        Map<String, Object> update = new LinkedHashMap<>();
        update.put(key, value);
        return update;
    }
}
