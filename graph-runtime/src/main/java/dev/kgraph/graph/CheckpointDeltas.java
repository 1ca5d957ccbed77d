package dev.kgraph.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoints stored with their growing lists as the entries appended since an earlier checkpoint.
 *
 * <p>A thread's appended channels ({@code messages}) grow with every run, and every checkpoint holds the whole list:
 * stored whole, a thread of {@code n} messages costs each of its checkpoints {@code O(n)} bytes to encode, send, store
 * and decode, so a busy thread gets slower with every run. Here a channel whose list continues the list of a
 * <em>base</em> checkpoint (same thread and namespace, the list stored whole there) is stored as the entries after the
 * base's first {@code length} ones, with {@code appended_to: {channel: {checkpoint_id, length}}} as the record's first
 * field. A delta always points at a whole list, never at another delta, so reading one costs at most one more record
 * per channel. A checkpoint is stored whole again when the appended entries outgrow {@link #maxAppended(int)}: the
 * bytes per checkpoint then stay about {@code O(sqrt(n))} instead of {@code O(n)}.
 *
 * <p>What is stored elsewhere must read whole checkpoints: {@link #whole(byte[], StoredReader)} resolves stored bytes
 * (unchanged when they are whole), {@link #resolve(Stored, StoredReader)} a record already read.
 */
public final class CheckpointDeltas {

    /** Lists shorter than this are stored whole: their bytes are few, and a delta would cost a read of its base. */
    static final int MIN_BASE_LENGTH = 4;

    private static final String APPENDED_TO = "appended_to";
    private static final byte[] DELTA_PREFIX = ("{\"" + APPENDED_TO + "\":").getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private CheckpointDeltas() {}

    /** Reads a stored record (null if none): bases are in the same thread and namespace as their deltas. */
    @FunctionalInterface
    public interface StoredReader {
        byte[] read(String threadId, String checkpointNs, String checkpointId);
    }

    /** The first {@code length} entries of a channel's list are those of the whole list in checkpoint {@code checkpointId}. */
    public record Base(String checkpointId, int length) {}

    /**
     * A stored record as read: {@code tuple} holds, for each channel in {@code bases}, only the entries after its
     * base's; every other channel as stored.
     */
    public record Stored(CheckpointTuple tuple, Map<String, Base> bases) {
        public Stored {
            bases = Map.copyOf(bases);
        }

        public boolean isWhole() {
            return bases.isEmpty();
        }
    }

    /**
     * For each channel of {@code tuple} that can be stored as appended to a base: its list extends {@code parent}'s
     * (the checkpoint {@code tuple} was made from, read whole), and the base is the parent itself or, when the parent
     * stored that channel appended to a base, the parent's base.
     *
     * @param parentBases how the parent was stored ({@link Stored#bases()}; empty when it was stored whole)
     */
    public static Map<String, Base> plan(CheckpointTuple tuple, CheckpointTuple parent, Map<String, Base> parentBases) {
        if (parent == null || !parent.checkpointId().equals(tuple.parentCheckpointId())
                || !parent.checkpointNs().equals(tuple.checkpointNs()) || !parent.threadId().equals(tuple.threadId())) {
            return Map.of();
        }
        Map<String, Base> bases = null;
        for (var e : tuple.checkpoint().channelValues().entrySet()) {
            if (e.getKey().startsWith("__") || !(e.getValue() instanceof List<?> now)
                    || !(parent.checkpoint().channelValues().get(e.getKey()) instanceof List<?> before)) {
                continue;
            }
            var base = parentBases.getOrDefault(e.getKey(), new Base(parent.checkpointId(), before.size()));
            if (base.length() < MIN_BASE_LENGTH || now.size() - base.length() > maxAppended(base.length())
                    || !startsWith(now, before)) {
                continue;
            }
            if (bases == null) {
                bases = new LinkedHashMap<>();
            }
            bases.put(e.getKey(), base);
        }
        return bases == null ? Map.of() : bases;
    }

    /**
     * How many entries may follow a base of {@code baseLength} before the list is stored whole again: about twice the
     * square root, which keeps the sum of a delta's size and the whole list's share per checkpoint smallest when a
     * list grows by a few entries per checkpoint.
     */
    static int maxAppended(int baseLength) {
        return Math.max(16, (int) (2 * Math.sqrt(baseLength)));
    }

    private static boolean startsWith(List<?> list, List<?> prefix) {
        if (list.size() < prefix.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            Object a = list.get(i);
            Object b = prefix.get(i);
            // the runtime builds a list from its predecessor's entries, so the same objects: equals is the fallback
            if (a != b && (a == null || !a.equals(b))) {
                return false;
            }
        }
        return true;
    }

    /** The bytes to store for {@code tuple}: whole when {@code bases} is empty (exactly {@link CheckpointJson#toBytes}). */
    public static byte[] toBytes(CheckpointTuple tuple, Map<String, Base> bases) {
        return CheckpointJson.MAPPER.writeValueAsBytes(toTree(tuple, bases));
    }

    /** {@link #toBytes} as plain maps and lists. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toTree(CheckpointTuple tuple, Map<String, Base> bases) {
        var tree = CheckpointJson.toTree(tuple);
        if (bases.isEmpty()) {
            return tree;
        }
        var out = new LinkedHashMap<String, Object>();
        var appendedTo = new LinkedHashMap<String, Object>();
        bases.forEach((channel, base) -> {
            var ref = new LinkedHashMap<String, Object>();
            ref.put("checkpoint_id", base.checkpointId());
            ref.put("length", base.length());
            appendedTo.put(channel, ref);
        });
        out.put(APPENDED_TO, appendedTo); // first: readers tell a delta from a whole checkpoint by its first bytes
        out.putAll(tree);
        var values = (Map<String, Object>) ((Map<String, Object>) tree.get("checkpoint")).get("channel_values");
        bases.forEach((channel, base) -> {
            var list = (List<?>) values.get(channel);
            values.put(channel, list.subList(base.length(), list.size()));
        });
        return out;
    }

    /** True when {@code stored} holds a checkpoint with appended channels (it needs its bases to be read whole). */
    public static boolean isDelta(byte[] stored) {
        return java.util.Arrays.equals(stored, 0, Math.min(stored.length, DELTA_PREFIX.length),
                DELTA_PREFIX, 0, DELTA_PREFIX.length);
    }

    /** Reads a stored record without resolving it. */
    @SuppressWarnings("unchecked")
    public static Stored read(byte[] stored) {
        var tree = (Map<String, Object>) CheckpointJson.MAPPER.readValue(stored, LinkedHashMap.class);
        var appendedTo = (Map<String, Map<String, Object>>) tree.remove(APPENDED_TO);
        var bases = new LinkedHashMap<String, Base>();
        if (appendedTo != null) {
            appendedTo.forEach((channel, ref) -> bases.put(channel,
                    new Base((String) ref.get("checkpoint_id"), ((Number) ref.get("length")).intValue())));
        }
        return new Stored(CheckpointJson.fromTree(tree), bases);
    }

    /**
     * The whole checkpoint of a record read.
     *
     * @param storedById reads the bases
     * @throws IllegalStateException when a base is missing or does not hold its channel whole
     */
    public static CheckpointTuple resolve(Stored stored, StoredReader storedById) {
        if (stored.isWhole()) {
            return stored.tuple();
        }
        var t = stored.tuple();
        var values = new LinkedHashMap<>(t.checkpoint().channelValues());
        var bases = new java.util.HashMap<String, Stored>();
        stored.bases().forEach((channel, base) -> {
            var baseRecord = bases.computeIfAbsent(base.checkpointId(), id -> {
                var bytes = storedById.read(t.threadId(), t.checkpointNs(), id);
                if (bytes == null) {
                    throw new IllegalStateException("checkpoint " + t.checkpointId() + " of thread " + t.threadId()
                            + " continues checkpoint " + id + ", which is not stored");
                }
                return read(bytes);
            });
            if (baseRecord.bases().containsKey(channel)
                    || !(baseRecord.tuple().checkpoint().channelValues().get(channel) instanceof List<?> whole)
                    || whole.size() < base.length()) {
                throw new IllegalStateException("checkpoint " + base.checkpointId() + " of thread " + t.threadId()
                        + " does not hold the first " + base.length() + " entries of " + channel);
            }
            var appended = (List<?>) values.get(channel);
            var list = new ArrayList<Object>(base.length() + appended.size());
            list.addAll(whole.subList(0, base.length()));
            list.addAll(appended);
            values.put(channel, list);
        });
        var c = t.checkpoint();
        return new CheckpointTuple(t.threadId(), t.checkpointNs(), new Checkpoint(c.v(), c.id(), c.ts(), values,
                c.channelVersions(), c.versionsSeen()), t.metadata(), t.parentCheckpointId(), t.pendingWrites(), t.next());
    }

    /** The whole checkpoint's bytes ({@code stored} itself when it is whole). */
    public static byte[] whole(byte[] stored, StoredReader storedById) {
        return isDelta(stored) ? CheckpointJson.toBytes(resolve(read(stored), storedById)) : stored;
    }
}
