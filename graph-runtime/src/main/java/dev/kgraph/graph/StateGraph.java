package dev.kgraph.graph;

import dev.kgraph.graph.internals.Branch;
import dev.kgraph.graph.internals.GraphSpec;
import dev.kgraph.graph.internals.Names;
import dev.kgraph.graph.internals.NodeSpec;
import dev.kgraph.graph.internals.SubgraphNode;
import dev.kgraph.graph.internals.Write;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builder of a state graph, as LangGraph's {@code StateGraph}: declare state fields as channels, add nodes and
 * edges, then {@link #compile()}. Not thread-safe; the compiled graph is immutable.
 */
public final class StateGraph {

    public static final String START = Names.START;
    public static final String END = Names.END;

    private final Map<String, ChannelSpec> channels = new LinkedHashMap<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Set<String>> declaredEnds = new LinkedHashMap<>();
    private final List<String[]> edges = new ArrayList<>();
    private final Map<List<String>, Set<String>> fanIns = new LinkedHashMap<>();
    private final Map<String, List<Branch>> branches = new LinkedHashMap<>();
    private String name = "LangGraph";

    /** Declares a state field. */
    public StateGraph channel(String field, ChannelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (field == null || field.isEmpty() || Names.isInternal(field)) {
            throw new GraphValidationException("Invalid state field name '" + field
                    + "': names starting with '__', 'branch:to:' or 'join:' are reserved");
        }
        channels.put(field, spec);
        return this;
    }

    /** Names the graph (shown by {@link CompiledGraph#describe()} and the schema title). */
    public StateGraph name(String graphName) {
        this.name = graphName;
        return this;
    }

    public StateGraph addNode(String node, Node fn) {
        return addNode(node, fn, List.of());
    }

    /**
     * Adds a node that may route with {@code Command(goto)} to {@code ends} (LangGraph's {@code ends} option):
     * declaring them makes those nodes reachable for validation and drawing.
     */
    public StateGraph addNode(String node, Node fn, Collection<String> ends) {
        Objects.requireNonNull(fn, "node function");
        if (node == null || node.isEmpty() || Names.isInternal(node) || node.contains(":") || node.contains("|")
                || END.equals(node)) {
            throw new GraphValidationException("Invalid node name '" + node
                    + "': reserved, or contains ':' or '|'");
        }
        if (nodes.containsKey(node)) {
            throw new GraphValidationException("Node '" + node + "' is already present");
        }
        nodes.put(node, fn);
        declaredEnds.put(node, new LinkedHashSet<>(ends));
        return this;
    }

    /** Adds a compiled graph as a node; it shares the state keys it has in common with this graph. */
    public StateGraph addNode(String node, CompiledGraph subgraph) {
        return addNode(node, new SubgraphNode(subgraph.spec()));
    }

    public StateGraph addEdge(String from, String to) {
        edges.add(new String[] {from, to});
        return this;
    }

    /** Fan-in: {@code to} runs once every node of {@code from} has run. */
    public StateGraph addEdge(List<String> from, String to) {
        if (from.size() == 1) {
            return addEdge(from.get(0), to);
        }
        fanIns.computeIfAbsent(List.copyOf(from), k -> new LinkedHashSet<>()).add(to);
        return this;
    }

    public StateGraph addConditionalEdges(String from, Router router) {
        return addConditionalEdges(from, router, null);
    }

    /** Conditional edge whose router results are looked up in {@code pathMap} (result -> node name or END). */
    public StateGraph addConditionalEdges(String from, Router router, Map<String, String> pathMap) {
        branches.computeIfAbsent(from, k -> new ArrayList<>())
                .add(new Branch(router, pathMap == null ? null : orderedCopy(pathMap)));
        return this;
    }

    /** Keeps the caller's order when the map has one, else sorts by key, so drawings are deterministic. */
    private static Map<String, String> orderedCopy(Map<String, String> pathMap) {
        Map<String, String> copy = pathMap instanceof java.util.SequencedMap<String, String>
                ? new LinkedHashMap<>(pathMap) : new LinkedHashMap<>(new java.util.TreeMap<>(pathMap));
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** Convenience: START -> nodes[0] -> ... -> nodes[n-1]. */
    public StateGraph addSequence(List<String> sequence) {
        for (int i = 1; i < sequence.size(); i++) {
            addEdge(sequence.get(i - 1), sequence.get(i));
        }
        return this;
    }

    public CompiledGraph compile() {
        validate();
        Map<String, List<String>> joins = new LinkedHashMap<>();
        Map<String, List<Write>> edgeWrites = new LinkedHashMap<>();
        Map<String, List<String>> triggers = new LinkedHashMap<>();
        edgeWrites.put(START, new ArrayList<>());
        for (String n : nodes.keySet()) {
            edgeWrites.put(n, new ArrayList<>());
            triggers.computeIfAbsent(n, k -> new ArrayList<>()).add(Names.branchTo(n));
        }
        for (String[] e : edges) {
            if (!END.equals(e[1])) {
                edgeWrites.get(e[0]).add(new Write(Names.branchTo(e[1]), null));
            }
        }
        for (Map.Entry<List<String>, Set<String>> f : fanIns.entrySet()) {
            for (String target : f.getValue()) {
                if (END.equals(target)) {
                    continue;
                }
                String join = Names.join(f.getKey(), target);
                joins.put(join, f.getKey());
                triggers.get(target).add(join);
                for (String src : f.getKey()) {
                    edgeWrites.get(src).add(new Write(join, src));
                }
            }
        }
        Map<String, NodeSpec> specs = new LinkedHashMap<>();
        specs.put(START, new NodeSpec(START, null, List.of(Names.START), List.copyOf(edgeWrites.get(START)),
                List.copyOf(branches.getOrDefault(START, List.of())), true));
        for (Map.Entry<String, Node> n : nodes.entrySet()) {
            specs.put(n.getKey(), new NodeSpec(n.getKey(), n.getValue(), List.copyOf(triggers.get(n.getKey())),
                    List.copyOf(edgeWrites.get(n.getKey())),
                    List.copyOf(branches.getOrDefault(n.getKey(), List.of())), false));
        }
        GraphSpec spec = new GraphSpec(channels, specs, joins);
        return new CompiledGraph(spec, name, GraphDescription.describe(nodes.keySet(), edges, fanIns, branches,
                declaredEnds), GraphDescription.schema(name, channels));
    }

    private void validate() {
        boolean hasEntry = edges.stream().anyMatch(e -> START.equals(e[0])) || branches.containsKey(START);
        if (!hasEntry) {
            throw new GraphValidationException(
                    "Graph must have an entrypoint: add at least one edge from START to another node");
        }
        for (String[] e : edges) {
            if (!START.equals(e[0]) && !nodes.containsKey(e[0])) {
                throw new GraphValidationException("Found edge starting at unknown node '" + e[0] + "'");
            }
            if (!END.equals(e[1]) && !nodes.containsKey(e[1])) {
                throw new GraphValidationException("Found edge ending at unknown node '" + e[1] + "'");
            }
            if (END.equals(e[0])) {
                throw new GraphValidationException("END cannot be the start of an edge");
            }
        }
        for (Map.Entry<List<String>, Set<String>> f : fanIns.entrySet()) {
            for (String src : f.getKey()) {
                if (!nodes.containsKey(src)) {
                    throw new GraphValidationException("Found edge starting at unknown node '" + src + "'");
                }
            }
            for (String t : f.getValue()) {
                if (!END.equals(t) && !nodes.containsKey(t)) {
                    throw new GraphValidationException("Found edge ending at unknown node '" + t + "'");
                }
            }
        }
        for (Map.Entry<String, List<Branch>> b : branches.entrySet()) {
            if (!START.equals(b.getKey()) && !nodes.containsKey(b.getKey())) {
                throw new GraphValidationException("Found conditional edge starting at unknown node '" + b.getKey() + "'");
            }
            for (Branch br : b.getValue()) {
                if (br.pathMap() != null) {
                    for (String t : br.pathMap().values()) {
                        if (!END.equals(t) && !nodes.containsKey(t)) {
                            throw new GraphValidationException("Found conditional edge from '" + b.getKey()
                                    + "' to unknown node '" + t + "'");
                        }
                    }
                }
            }
        }
        for (Map.Entry<String, Set<String>> e : declaredEnds.entrySet()) {
            for (String t : e.getValue()) {
                if (!END.equals(t) && !nodes.containsKey(t)) {
                    throw new GraphValidationException("Node '" + e.getKey() + "' declares unknown goto target '" + t + "'");
                }
            }
        }
        checkReachable();
    }

    /** Every node must be reachable from START (a router without a path map may reach any node). */
    private void checkReachable() {
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(START);
        while (!todo.isEmpty()) {
            String n = todo.poll();
            List<String> targets = new ArrayList<>();
            for (String[] e : edges) {
                if (e[0].equals(n)) {
                    targets.add(e[1]);
                }
            }
            for (Map.Entry<List<String>, Set<String>> f : fanIns.entrySet()) {
                if (f.getKey().contains(n)) {
                    targets.addAll(f.getValue());
                }
            }
            for (Branch b : branches.getOrDefault(n, List.of())) {
                if (b.pathMap() == null) {
                    return;
                }
                targets.addAll(b.pathMap().values());
            }
            targets.addAll(declaredEnds.getOrDefault(n, Set.of()));
            for (String t : targets) {
                if (!END.equals(t) && reached.add(t)) {
                    todo.add(t);
                }
            }
        }
        for (String n : nodes.keySet()) {
            if (!reached.contains(n)) {
                throw new GraphValidationException("Node '" + n + "' is not reachable from START");
            }
        }
    }
}
