package dev.kgraph.graph.internals;

import dev.kgraph.graph.ChannelSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled, immutable structure of a graph: state channels, internal channels (start, branches, joins, sends)
 * and nodes with their triggers. Shared by all runs of a compiled graph.
 */
public final class GraphSpec {
    final Map<String, ChannelSpec> stateChannels;
    final Map<String, NodeSpec> nodes;
    final List<String> pullOrder;
    private final Map<String, Chan> prototypes;

    public GraphSpec(Map<String, ChannelSpec> stateChannels, Map<String, NodeSpec> nodes, Map<String, List<String>> joins) {
        this.stateChannels = Collections.unmodifiableMap(new LinkedHashMap<>(stateChannels));
        this.nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        List<String> order = new ArrayList<>(nodes.keySet());
        Collections.sort(order);
        this.pullOrder = List.copyOf(order);
        Map<String, Chan> protos = new LinkedHashMap<>();
        for (Map.Entry<String, ChannelSpec> e : stateChannels.entrySet()) {
            protos.put(e.getKey(), create(e.getKey(), e.getValue()));
        }
        protos.put(Names.START, new EphemeralChan(Names.START, true));
        for (String node : nodes.keySet()) {
            if (!Names.START.equals(node)) {
                protos.put(Names.branchTo(node), new EphemeralChan(Names.branchTo(node), false));
            }
        }
        for (Map.Entry<String, List<String>> j : joins.entrySet()) {
            protos.put(j.getKey(), new BarrierChan(List.copyOf(j.getValue())));
        }
        protos.put(Names.TASKS, new TopicChan());
        this.prototypes = Collections.unmodifiableMap(protos);
    }

    private static Chan create(String name, ChannelSpec spec) {
        return switch (spec) {
            case ChannelSpec.LastValue lv -> new LastValueChan(name);
            case ChannelSpec.Ephemeral ep -> new EphemeralChan(name, true);
            case ChannelSpec.Reducer r -> new ReducerChan(r.reducer(), r.initial());
        };
    }

    public Map<String, ChannelSpec> stateChannels() {
        return stateChannels;
    }

    public Map<String, NodeSpec> nodes() {
        return nodes;
    }

    /** Fresh channels for a run, restored from a checkpoint's values (absent key: empty). */
    Map<String, Chan> channels(Map<String, Object> saved) {
        Map<String, Chan> out = new LinkedHashMap<>(prototypes.size() * 2);
        for (Map.Entry<String, Chan> e : prototypes.entrySet()) {
            String name = e.getKey();
            Chan proto = e.getValue();
            if (saved != null && saved.containsKey(name)) {
                out.put(name, proto.restore(saved.get(name)));
            } else {
                out.put(name, proto.restore(Chan.EMPTY));
            }
        }
        return out;
    }

    /** Reads the user state (available state channels) in declaration order. */
    Map<String, Object> readState(Map<String, Chan> channels) {
        Map<String, Object> out = new LinkedHashMap<>(stateChannels.size() * 2);
        for (String name : stateChannels.keySet()) {
            Chan c = channels.get(name);
            if (c.isAvailable()) {
                out.put(name, c.get());
            }
        }
        return out;
    }

    /** Checkpoint values of all available channels. */
    static Map<String, Object> checkpointValues(Map<String, Chan> channels) {
        Map<String, Object> out = new LinkedHashMap<>(channels.size() * 2);
        for (Map.Entry<String, Chan> e : channels.entrySet()) {
            Object v = e.getValue().checkpointValue();
            if (v != Chan.EMPTY) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }
}
