package dev.kgraph.graph.examples;

import dev.kgraph.graph.CompiledGraph;
import dev.kgraph.graph.Channels;
import dev.kgraph.graph.NodeContext;
import dev.kgraph.graph.StateGraph;
import dev.kgraph.graph.store.StoreItem;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code memory}: long-term memory across threads, as LangGraph's memory examples use the store. {@code messages}
 * (append); node {@code remember} stores the fact of a message {@code "remember <fact>"} under
 * {@code ("memories", user_id)}; node {@code recall} answers with every fact stored for the user, whichever thread
 * stored it. {@code user_id} comes from the run's {@code context}, else its {@code configurable}, else
 * {@code "anonymous"}.
 */
final class MemoryGraph {
    static final String PREFIX = "remember ";

    private MemoryGraph() {
    }

    static CompiledGraph build() {
        return new StateGraph()
                .channel("messages", Channels.append())
                .addNode("remember", (state, ctx) -> {
                    var text = lastContent(state.get("messages"));
                    if (text.startsWith(PREFIX)) {
                        var fact = text.substring(PREFIX.length()).strip();
                        // keyed by the fact itself, so a node executed again (a resumed run) stores nothing twice
                        ctx.store().put(namespace(ctx), keyOf(fact), Map.of("fact", fact));
                    }
                    return Map.of();
                })
                .addNode("recall", (state, ctx) -> {
                    var facts = ctx.store().search(namespace(ctx), null, 100, 0).stream()
                            .map(StoreItem::value).map(value -> String.valueOf(value.get("fact"))).sorted().toList();
                    var reply = new LinkedHashMap<String, Object>();
                    reply.put("role", "ai");
                    reply.put("content", facts.isEmpty() ? "I know nothing about you yet."
                            : "I remember: " + String.join("; ", facts));
                    return Map.of("messages", List.of(reply));
                })
                .addEdge(StateGraph.START, "remember")
                .addEdge("remember", "recall")
                .addEdge("recall", StateGraph.END)
                .compile();
    }

    static List<String> namespace(NodeContext ctx) {
        Object user = ctx.context().get("user_id");
        if (user == null) {
            user = ctx.config().configurable().get("user_id");
        }
        return List.of("memories", user == null ? "anonymous" : String.valueOf(user));
    }

    private static String keyOf(String fact) {
        return UUID.nameUUIDFromBytes(fact.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String lastContent(Object messages) {
        Object last = messages instanceof List<?> list && !list.isEmpty() ? list.getLast() : null;
        Object content = last instanceof Map<?, ?> message ? message.get("content") : last;
        return content == null ? "" : String.valueOf(content);
    }
}
