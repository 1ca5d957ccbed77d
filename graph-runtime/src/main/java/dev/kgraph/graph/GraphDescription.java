package dev.kgraph.graph;

import dev.kgraph.graph.internals.Branch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** LangGraph's JSON drawing of a graph ({@code GET /assistants/{id}/graph}) and a JSON-schema-like state schema. */
final class GraphDescription {

    private GraphDescription() {}

    static Map<String, Object> describe(Set<String> nodeNames, List<String[]> edges, Map<List<String>, Set<String>> fanIns,
                                        Map<String, List<Branch>> branches, Map<String, Set<String>> ends) {
        List<Object> nodes = new ArrayList<>();
        nodes.add(node(StateGraph.START, "schema", StateGraph.START));
        for (String n : nodeNames) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("id", List.of("dev", "kgraph", "graph", n));
            data.put("name", n);
            nodes.add(node(n, "runnable", data));
        }
        nodes.add(node(StateGraph.END, "schema", StateGraph.END));
        List<Object> out = new ArrayList<>();
        for (String[] e : edges) {
            out.add(edge(e[0], e[1], false));
        }
        for (Map.Entry<List<String>, Set<String>> f : fanIns.entrySet()) {
            for (String src : f.getKey()) {
                for (String t : f.getValue()) {
                    out.add(edge(src, t, false));
                }
            }
        }
        for (Map.Entry<String, List<Branch>> b : branches.entrySet()) {
            for (Branch br : b.getValue()) {
                if (br.pathMap() != null) {
                    for (Map.Entry<String, String> e : br.pathMap().entrySet()) {
                        Map<String, Object> edge = edge(b.getKey(), e.getValue(), true);
                        if (!e.getKey().equals(e.getValue())) {
                            edge.put("data", e.getKey());
                        }
                        out.add(edge);
                    }
                    continue;
                }
                for (String t : nodeNames) {
                    if (!t.equals(b.getKey())) {
                        out.add(edge(b.getKey(), t, true));
                    }
                }
                out.add(edge(b.getKey(), StateGraph.END, true));
            }
        }
        for (Map.Entry<String, Set<String>> e : ends.entrySet()) {
            for (String t : e.getValue()) {
                out.add(edge(e.getKey(), t, true));
            }
        }
        Map<String, Object> graph = new LinkedHashMap<>();
        graph.put("nodes", nodes);
        graph.put("edges", out);
        return graph;
    }

    static Map<String, Object> schema(String title, Map<String, ChannelSpec> channels) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (String c : channels.keySet()) {
            props.put(c, new LinkedHashMap<>());
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("title", title);
        s.put("type", "object");
        s.put("properties", props);
        return s;
    }

    private static Map<String, Object> node(String id, String type, Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", type);
        m.put("data", data);
        return m;
    }

    private static Map<String, Object> edge(String source, String target, boolean conditional) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("target", target);
        m.put("conditional", conditional);
        return m;
    }
}
