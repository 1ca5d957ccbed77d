package dev.kgraph.worker.execution;

import dev.kgraph.model.json.Json;
import dev.kgraph.model.json.RawJsonMap;
import dev.kgraph.worker.checkpoints.SizedLru;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes a run's final values once, for its end report, reusing the bytes of the thread's previous final values for
 * the lists they continue.
 *
 * <p>A chat's final values are its whole conversation, and encoding them is the largest cost of a run on a long
 * thread. The next run on the thread (on this worker, from the checkpoint {@code LatestCheckpoints} kept) builds its
 * lists from the same entry objects and appends a few: where the new list starts with exactly the entries (the same
 * objects) of the list encoded last time, its encoding is the old bytes with the new entries written after them.
 * Anything else is encoded in full. The values leave as a {@link RawJsonMap} of the bytes, which every later hop (the
 * writer's stores, the completion, the HTTP answer) passes on without decoding. Bounded by threads and bytes;
 * thread-safe.
 */
final class FinalValuesEncoder {
    /** Shorter lists are encoded in full: there is little to save, and nothing needs remembering. */
    static final int MIN_REUSED_LENGTH = 8;

    /** A list's encoding: {@code json[from, to)}, a part of the values' bytes it was encoded in. */
    private record EncodedList(List<?> list, byte[] json, int from, int to) {
    }

    private final SizedLru<Map<String, EncodedList>> byThread;

    /** At most {@code maxThreads} threads' lists, of {@code maxBytes} in all (a thread's over a quarter: not kept). */
    FinalValuesEncoder(int maxThreads, long maxBytes) {
        this.byThread = new SizedLru<>(maxThreads, maxBytes);
    }

    /** The values as their JSON bytes; the thread's long lists are remembered for its next run. */
    Map<String, Object> encode(String threadId, Map<String, Object> values) {
        if (values == null || values instanceof RawJsonMap) {
            return values;
        }
        if (values.values().stream().noneMatch(v -> v instanceof List<?> list && list.size() >= MIN_REUSED_LENGTH)) {
            remember(threadId, Map.of(), 0); // short values (a new thread's): encoded with the report, as any map
            return values;
        }
        var previous = previous(threadId);
        var out = new Segments();
        var listsAt = new HashMap<String, int[]>();
        out.add(OPEN_OBJECT);
        boolean first = true;
        for (var e : values.entrySet()) {
            if (!first) {
                out.add(COMMA);
            }
            first = false;
            out.add(Json.write(e.getKey()));
            out.add(COLON);
            if (e.getValue() instanceof List<?> list && list.size() >= MIN_REUSED_LENGTH) {
                int from = out.length();
                appendList(out, list, previous.get(e.getKey()));
                listsAt.put(e.getKey(), new int[] {from, out.length()});
            } else {
                out.add(Json.write(e.getValue()));
            }
        }
        out.add(CLOSE_OBJECT);
        var json = out.join();
        var lists = new HashMap<String, EncodedList>();
        listsAt.forEach((key, at) -> lists.put(key, new EncodedList((List<?>) values.get(key), json, at[0], at[1])));
        remember(threadId, lists, json.length);
        return RawJsonMap.of(json);
    }

    private static void appendList(Segments out, List<?> list, EncodedList before) {
        if (before == null || !startsWithSameEntries(list, before.list())) {
            out.add(Json.write(list));
            return;
        }
        out.add(before.json(), before.from(), before.to() - 1); // without its closing bracket
        for (int i = before.list().size(); i < list.size(); i++) {
            if (i > 0) {
                out.add(COMMA);
            }
            out.add(Json.write(list.get(i)));
        }
        out.add(CLOSE_ARRAY);
    }

    private static final byte[] OPEN_OBJECT = {'{'};
    private static final byte[] CLOSE_OBJECT = {'}'};
    private static final byte[] CLOSE_ARRAY = {']'};
    private static final byte[] COMMA = {','};
    private static final byte[] COLON = {':'};

    /**
     * Parts of arrays joined into one at the end: on a long thread the values are mostly the previous run's bytes,
     * which are then copied once (a growing stream copies them at every doubling, and again to hand them out).
     */
    private static final class Segments {
        private record Segment(byte[] bytes, int from, int to) {
        }

        private final List<Segment> segments = new ArrayList<>();
        private int length;

        void add(byte[] bytes) {
            add(bytes, 0, bytes.length);
        }

        void add(byte[] bytes, int from, int to) {
            segments.add(new Segment(bytes, from, to));
            length += to - from;
        }

        int length() {
            return length;
        }

        byte[] join() {
            var joined = new byte[length];
            int at = 0;
            for (var segment : segments) {
                System.arraycopy(segment.bytes(), segment.from(), joined, at, segment.to() - segment.from());
                at += segment.to() - segment.from();
            }
            return joined;
        }
    }

    /** The same objects, not equal ones: an entry changed in place would otherwise keep its old encoding. */
    private static boolean startsWithSameEntries(List<?> list, List<?> prefix) {
        if (list.size() < prefix.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (list.get(i) != prefix.get(i)) {
                return false;
            }
        }
        return true;
    }

    private Map<String, EncodedList> previous(String threadId) {
        var lists = byThread.get(threadId);
        return lists == null ? Map.of() : lists;
    }

    /** The lists of the thread's last values, which all lie in one array of {@code size} bytes. */
    private void remember(String threadId, Map<String, EncodedList> lists, long size) {
        if (lists.isEmpty()) {
            byThread.remove(threadId);
        } else {
            byThread.put(threadId, lists, size);
        }
    }
}
