package dev.kgraph.graph.internals;

import dev.kgraph.graph.InvalidUpdateError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a superstep's writes, as LangGraph's apply_writes: tasks in path order; record the trigger versions each
 * node consumed; give every updated channel the same new version (max + 1); clear ephemeral channels that were not
 * written when any triggered task ran.
 */
final class WriteApplier {

    private WriteApplier() {}

    static Set<String> apply(Map<String, Chan> channels, Map<String, Object> versions,
                             Map<String, Map<String, Object>> seen, List<Task> tasks, List<Write> extraWrites) {
        List<Task> sorted = new ArrayList<>(tasks);
        sorted.sort((a, b) -> a.pathKey.compareTo(b.pathKey));
        boolean bumpStep = false;
        Set<String> toConsume = new HashSet<>();
        for (Task t : sorted) {
            if (t.triggers.isEmpty()) {
                continue;
            }
            bumpStep = true;
            Map<String, Object> nodeSeen = new LinkedHashMap<>(seen.getOrDefault(t.name, Map.of()));
            for (String trig : t.triggers) {
                Object v = versions.get(trig);
                if (v != null) {
                    nodeSeen.put(trig, v);
                }
                toConsume.add(trig);
            }
            seen.put(t.name, nodeSeen);
        }
        long max = maxVersion(versions);
        Object consumed = null;
        for (String ch : toConsume) {
            Chan c = channels.get(ch);
            if (c != null && c.consume()) {
                if (consumed == null) {
                    consumed = versionValue(max + 1);
                }
                versions.put(ch, consumed);
            }
        }
        if (consumed != null) {
            max = TaskPlanner.version(consumed);
        }
        Map<String, List<Object>> byChannel = new LinkedHashMap<>();
        for (Task t : sorted) {
            collect(channels, byChannel, t.writes);
        }
        if (extraWrites != null) {
            collect(channels, byChannel, extraWrites);
        }
        Object next = versionValue(max + 1);
        Set<String> updated = new HashSet<>();
        for (Map.Entry<String, List<Object>> e : byChannel.entrySet()) {
            Chan c = channels.get(e.getKey());
            boolean changed;
            try {
                changed = c.update(e.getValue());
            } catch (InvalidUpdateError err) {
                throw new InvalidUpdateError("Invalid update for channel \"" + e.getKey() + "\" with values "
                        + dev.kgraph.graph.CheckpointJson.writeValue(e.getValue()) + ": " + err.getMessage());
            }
            if (changed) {
                versions.put(e.getKey(), next);
                if (c.isAvailable()) {
                    updated.add(e.getKey());
                }
            }
        }
        if (bumpStep) {
            for (Map.Entry<String, Chan> e : channels.entrySet()) {
                Chan c = e.getValue();
                if (c.isAvailable() && !updated.contains(e.getKey()) && c.update(List.of())) {
                    versions.put(e.getKey(), next);
                    if (c.isAvailable()) {
                        updated.add(e.getKey());
                    }
                }
            }
        }
        return updated;
    }

    private static void collect(Map<String, Chan> channels, Map<String, List<Object>> byChannel, List<Write> writes) {
        for (Write w : writes) {
            if (Names.isSpecialWrite(w.channel()) || !channels.containsKey(w.channel())) {
                continue;
            }
            byChannel.computeIfAbsent(w.channel(), k -> new ArrayList<>(2)).add(w.value());
        }
    }

    /** Versions are Integers while they fit (so they compare equal after a JSON round trip), Longs beyond. */
    static Object versionValue(long v) {
        return v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
    }

    static long maxVersion(Map<String, Object> versions) {
        long max = 0;
        for (Object v : versions.values()) {
            long l = TaskPlanner.version(v);
            if (l > max) {
                max = l;
            }
        }
        return max;
    }
}
