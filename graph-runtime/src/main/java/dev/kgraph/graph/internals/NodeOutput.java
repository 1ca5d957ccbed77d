package dev.kgraph.graph.internals;

import dev.kgraph.graph.ChannelSpec;
import dev.kgraph.graph.Command;
import dev.kgraph.graph.InvalidUpdateError;
import dev.kgraph.graph.NodeContext;
import dev.kgraph.graph.Send;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what a node returned into channel writes: the state update (unknown keys ignored, as LangGraph does), then
 * Command gotos, static edges and conditional edges (routers see the state with this node's writes applied).
 */
final class NodeOutput {

    private NodeOutput() {}

    static void collect(GraphSpec graph, Task task, Object returned, Map<String, Object> stepState, NodeContext ctx)
            throws Exception {
        List<Write> writes = task.writes;
        stateWrites(graph, task.name, returned, writes);
        for (Write w : task.node.edgeWrites()) {
            writes.add(w);
        }
        if (!task.node.branches().isEmpty()) {
            Map<String, Object> fresh = freshState(graph, stepState, writes);
            for (Branch b : task.node.branches()) {
                Object result = b.router().route(fresh, ctx);
                routeWrites(graph, b, result, writes);
            }
        }
    }

    static void stateWrites(GraphSpec graph, String node, Object returned, List<Write> writes) {
        if (returned == null) {
            return;
        }
        if (returned instanceof Command cmd) {
            for (Map.Entry<String, Object> e : cmd.updateEntries()) {
                if (graph.stateChannels.containsKey(e.getKey())) {
                    writes.add(new Write(e.getKey(), e.getValue()));
                }
            }
            for (Object target : cmd.gotoTargets()) {
                gotoWrite(graph, target, writes);
            }
            return;
        }
        if (returned instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (graph.stateChannels.containsKey(key)) {
                    writes.add(new Write(key, e.getValue()));
                }
            }
            return;
        }
        if (returned instanceof List<?> list && list.stream().anyMatch(Command.class::isInstance)) {
            for (Object o : list) {
                stateWrites(graph, node, o, writes);
            }
            return;
        }
        throw new InvalidUpdateError("Expected node \"" + node + "\" to return an object or an array containing at"
                + " least one Command object, received " + typeName(returned));
    }

    static void gotoWrite(GraphSpec graph, Object target, List<Write> writes) {
        if (target instanceof Send send) {
            requireNode(graph, send.node());
            writes.add(new Write(Names.TASKS, send));
        } else if (target instanceof String name) {
            if (Names.END.equals(name)) {
                return;
            }
            requireNode(graph, name);
            writes.add(new Write(Names.branchTo(name), Names.START));
        } else {
            throw new InvalidUpdateError("In Command goto, expected Send or string, got " + typeName(target));
        }
    }

    private static void routeWrites(GraphSpec graph, Branch branch, Object result, List<Write> writes) {
        if (result instanceof List<?> list) {
            for (Object o : list) {
                routeWrites(graph, branch, o, writes);
            }
            return;
        }
        if (result instanceof Send send) {
            requireNode(graph, send.node());
            writes.add(new Write(Names.TASKS, send));
            return;
        }
        if (!(result instanceof String key)) {
            throw new NodeFailure("Error", "Branch condition returned unknown or null destination");
        }
        String target = key;
        if (branch.pathMap() != null) {
            target = branch.pathMap().get(key);
            if (target == null) {
                throw new NodeFailure("Error", "Branch condition returned unknown or null destination");
            }
        }
        if (Names.END.equals(target)) {
            return;
        }
        requireNode(graph, target);
        writes.add(new Write(Names.branchTo(target), null));
    }

    private static void requireNode(GraphSpec graph, String name) {
        if (!graph.nodes.containsKey(name) || Names.START.equals(name)) {
            throw new InvalidUpdateError("Unknown node '" + name + "' (known: " + graph.nodes.keySet() + ")");
        }
    }

    /** The step's state with these writes folded in through each channel's semantics. */
    static Map<String, Object> freshState(GraphSpec graph, Map<String, Object> state, List<Write> writes) {
        Map<String, Object> fresh = null;
        for (Write w : writes) {
            ChannelSpec spec = graph.stateChannels.get(w.channel());
            if (spec == null) {
                continue;
            }
            if (fresh == null) {
                fresh = new LinkedHashMap<>(state);
            }
            if (spec instanceof ChannelSpec.Reducer r && (fresh.containsKey(w.channel()))) {
                fresh.put(w.channel(), r.reducer().apply(fresh.get(w.channel()), w.value()));
            } else {
                fresh.put(w.channel(), w.value());
            }
        }
        return fresh == null ? state : java.util.Collections.unmodifiableMap(fresh);
    }

    static String typeName(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof String) {
            return "string";
        }
        if (o instanceof Number) {
            return "number";
        }
        if (o instanceof Boolean) {
            return "boolean";
        }
        if (o instanceof List<?>) {
            return "array";
        }
        return o.getClass().getSimpleName();
    }

    /** The START node's update: the run input, which must be a map. */
    static Object startUpdate(Object input) {
        if (!(input instanceof Map<?, ?>)) {
            throw new InvalidUpdateError("Expected node \"" + Names.START + "\" to return an object or an array"
                    + " containing at least one Command object, received " + typeName(input));
        }
        return input;
    }

    static List<Object> copyOf(List<Object> l) {
        return new ArrayList<>(l);
    }
}
