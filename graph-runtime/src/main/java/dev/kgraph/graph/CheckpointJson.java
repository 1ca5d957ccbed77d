package dev.kgraph.graph;

import dev.kgraph.graph.internals.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON (de)serialisation of {@link CheckpointTuple}s that round-trips state exactly: maps keep key order, nulls are
 * kept as values, integers come back as Integer (Long/BigInteger when larger) and decimals as Double — so state
 * written with those types compares equal after a round trip. {@link Send}s (in {@code __pregel_tasks}) and
 * {@link Interrupt}s (in {@code __interrupt__} writes) are encoded as {@code {node, arg}} and {@code {value, id}}.
 */
public final class CheckpointJson {

    /** Also {@link CheckpointDeltas}': stored checkpoints, whole or not, are written and read alike. */
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private CheckpointJson() {}

    public static String toJson(CheckpointTuple tuple) {
        return MAPPER.writeValueAsString(toTree(tuple));
    }

    public static byte[] toBytes(CheckpointTuple tuple) {
        return MAPPER.writeValueAsBytes(toTree(tuple));
    }

    public static CheckpointTuple fromJson(String json) {
        return fromTree(MAPPER.readValue(json, LinkedHashMap.class));
    }

    public static CheckpointTuple fromBytes(byte[] json) {
        return fromTree(MAPPER.readValue(json, LinkedHashMap.class));
    }

    /** Writes any JSON-compatible value (maps, lists, scalars, records of this package via their JSON shape). */
    public static String writeValue(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Reads any JSON text into maps, lists and scalars. */
    public static Object readValue(String json) {
        return MAPPER.readValue(json, Object.class);
    }

    /** The tuple as plain maps and lists. */
    public static Map<String, Object> toTree(CheckpointTuple t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("thread_id", t.threadId());
        out.put("checkpoint_ns", t.checkpointNs());
        Checkpoint c = t.checkpoint();
        Map<String, Object> cp = new LinkedHashMap<>();
        cp.put("v", c.v());
        cp.put("id", c.id());
        cp.put("ts", c.ts());
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : c.channelValues().entrySet()) {
            values.put(e.getKey(), encodeChannelValue(e.getKey(), e.getValue()));
        }
        cp.put("channel_values", values);
        cp.put("channel_versions", c.channelVersions());
        cp.put("versions_seen", c.versionsSeen());
        out.put("checkpoint", cp);
        CheckpointMetadata m = t.metadata();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("source", m.source());
        meta.put("step", m.step());
        meta.put("writes", m.writes());
        meta.put("parents", m.parents());
        meta.put("extra", m.extra());
        out.put("metadata", meta);
        out.put("parent_checkpoint_id", t.parentCheckpointId());
        List<Object> writes = new ArrayList<>();
        for (PendingWrite w : t.pendingWrites()) {
            List<Object> triple = new ArrayList<>(3);
            triple.add(w.taskId());
            triple.add(w.channel());
            triple.add(encodeChannelValue(w.channel(), w.value()));
            writes.add(triple);
        }
        out.put("pending_writes", writes);
        List<Object> next = new ArrayList<>();
        for (TaskPlan p : t.next()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("id", p.id());
            pm.put("name", p.name());
            pm.put("path", p.path());
            next.add(pm);
        }
        out.put("next", next);
        return out;
    }

    @SuppressWarnings("unchecked")
    public static CheckpointTuple fromTree(Map<String, Object> tree) {
        Map<String, Object> cp = (Map<String, Object>) tree.get("checkpoint");
        Map<String, Object> rawValues = (Map<String, Object>) cp.get("channel_values");
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : rawValues.entrySet()) {
            values.put(e.getKey(), decodeChannelValue(e.getKey(), e.getValue()));
        }
        Checkpoint checkpoint = new Checkpoint(((Number) cp.get("v")).intValue(), (String) cp.get("id"),
                (String) cp.get("ts"), values, (Map<String, Object>) cp.get("channel_versions"),
                (Map<String, Map<String, Object>>) cp.get("versions_seen"));
        Map<String, Object> meta = (Map<String, Object>) tree.get("metadata");
        CheckpointMetadata metadata = new CheckpointMetadata((String) meta.get("source"),
                ((Number) meta.get("step")).intValue(), (Map<String, Object>) meta.get("writes"),
                (Map<String, String>) meta.get("parents"), (Map<String, Object>) meta.get("extra"));
        List<PendingWrite> writes = new ArrayList<>();
        for (Object o : (List<Object>) tree.get("pending_writes")) {
            List<Object> w = (List<Object>) o;
            String channel = (String) w.get(1);
            Object value = w.get(2);
            writes.add(new PendingWrite((String) w.get(0), channel, decodeChannelValue(channel, value)));
        }
        List<TaskPlan> next = new ArrayList<>();
        for (Object o : (List<Object>) tree.get("next")) {
            Map<String, Object> pm = (Map<String, Object>) o;
            next.add(new TaskPlan((String) pm.get("id"), (String) pm.get("name"), (List<Object>) pm.get("path")));
        }
        return new CheckpointTuple((String) tree.get("thread_id"), (String) tree.get("checkpoint_ns"), checkpoint,
                metadata, (String) tree.get("parent_checkpoint_id"), writes, next);
    }

    private static Object encodeChannelValue(String channel, Object value) {
        if (Names.TASKS.equals(channel)) {
            return mapList(value, o -> o instanceof Send s ? sendJson(s) : o);
        }
        if (Names.INTERRUPT.equals(channel)) {
            return mapList(value, o -> o instanceof Interrupt i ? i.toJson() : o);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Object decodeChannelValue(String channel, Object value) {
        if (Names.TASKS.equals(channel)) {
            return mapList(value, o -> o instanceof Map<?, ?> m && m.containsKey("node")
                    ? new Send((String) m.get("node"), m.get("arg")) : o);
        }
        if (Names.INTERRUPT.equals(channel)) {
            return mapList(value, o -> o instanceof Map<?, ?> m && m.containsKey("id")
                    ? new Interrupt((String) m.get("id"), m.get("value")) : o);
        }
        return value;
    }

    private static Map<String, Object> sendJson(Send s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", s.node());
        m.put("arg", s.arg());
        return m;
    }

    private static Object mapList(Object value, java.util.function.UnaryOperator<Object> f) {
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(f.apply(o));
            }
            return out;
        }
        return f.apply(value);
    }
}
