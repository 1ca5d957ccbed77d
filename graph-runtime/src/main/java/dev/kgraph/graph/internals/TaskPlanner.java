package dev.kgraph.graph.internals;

import dev.kgraph.graph.Send;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Plans a superstep's tasks from channel versions, as LangGraph's prepare_next_tasks: a node runs when one of its
 * trigger channels is available and has a newer version than the node last saw; each pending Send is a push task.
 * Tasks come out in write-application order: pull tasks by node name, then push tasks by index.
 */
final class TaskPlanner {

    private TaskPlanner() {}

    static List<Task> plan(GraphSpec graph, Map<String, Chan> channels, Map<String, Object> versions,
                           Map<String, Map<String, Object>> seen, String checkpointId, int step, String parentNs,
                           Map<String, Object> state) {
        List<Task> tasks = new ArrayList<>();
        for (String name : graph.pullOrder) {
            NodeSpec node = graph.nodes.get(name);
            Map<String, Object> nodeSeen = seen.getOrDefault(name, Map.of());
            String trigger = null;
            for (String t : node.triggers()) {
                Chan c = channels.get(t);
                if (c != null && c.isAvailable() && version(versions.get(t)) > version(nodeSeen.get(t))) {
                    trigger = t;
                    break;
                }
            }
            if (trigger == null) {
                continue;
            }
            String ns = parentNs.isEmpty() ? name : parentNs + "|" + name;
            String id = LangGraphIds.uuid5("[" + q(ns) + "," + q(Integer.toString(step)) + "," + q(name) + "," + q(Names.PULL)
                    + ",[" + q(trigger) + "]]", checkpointId);
            Object input = Names.START.equals(name) ? channels.get(Names.START).get() : state;
            tasks.add(new Task(id, name, List.of(Names.PULL, name), "~" + Names.PULL + ", " + name,
                    List.of(trigger), input, node, ns + ":" + id, step));
        }
        Chan sends = channels.get(Names.TASKS);
        if (sends.isAvailable()) {
            List<?> packets = (List<?>) sends.get();
            for (int i = 0; i < packets.size(); i++) {
                if (!(packets.get(i) instanceof Send send) || !graph.nodes.containsKey(send.node())) {
                    continue;
                }
                String ns = parentNs.isEmpty() ? send.node() : parentNs + "|" + send.node();
                String id = LangGraphIds.uuid5("[" + q(ns) + "," + q(Integer.toString(step)) + "," + q(send.node()) + ","
                        + q(Names.PUSH) + "," + q(Integer.toString(i)) + "]", checkpointId);
                String idx = String.format("%010d", i);
                tasks.add(new Task(id, send.node(), List.of(Names.PUSH, i, false),
                        "~" + Names.PUSH + ", " + idx + ", 0000000000", List.of(Names.PUSH), send.arg(),
                        graph.nodes.get(send.node()), ns + ":" + id, step));
            }
        }
        return tasks;
    }

    /** Whether a static breakpoint applies: some channel changed since the last breakpoint and a listed node is due. */
    static boolean shouldInterrupt(Map<String, Object> versions, Map<String, Map<String, Object>> seen,
                                   List<String> interruptNodes, List<Task> tasks) {
        if (interruptNodes.isEmpty() || tasks.isEmpty()) {
            return false;
        }
        Map<String, Object> interruptSeen = seen.getOrDefault(Names.INTERRUPT, Collections.emptyMap());
        boolean anyUpdated = false;
        for (Map.Entry<String, Object> e : versions.entrySet()) {
            if (version(e.getValue()) > version(interruptSeen.get(e.getKey()))) {
                anyUpdated = true;
                break;
            }
        }
        if (!anyUpdated) {
            return false;
        }
        boolean all = interruptNodes.contains("*");
        for (Task t : tasks) {
            if (all ? !t.node.hidden() : interruptNodes.contains(t.name)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #shouldInterrupt} for the nodes of a step that already ran, known only by name (from checkpoint metadata). */
    static boolean shouldInterruptAfter(Map<String, Object> versions, Map<String, Map<String, Object>> seen,
                                        List<String> interruptNodes, java.util.Collection<String> ranNodes) {
        if (interruptNodes.isEmpty() || ranNodes.isEmpty()) {
            return false;
        }
        Map<String, Object> interruptSeen = seen.getOrDefault(Names.INTERRUPT, Collections.emptyMap());
        boolean anyUpdated = versions.entrySet().stream()
                .anyMatch(e -> version(e.getValue()) > version(interruptSeen.get(e.getKey())));
        return anyUpdated && ranNodes.stream().anyMatch(n -> interruptNodes.contains("*") || interruptNodes.contains(n));
    }

    static long version(Object v) {
        return v == null ? 0L : ((Number) v).longValue();
    }

    private static String q(String s) {
        return '"' + s + '"';
    }
}
