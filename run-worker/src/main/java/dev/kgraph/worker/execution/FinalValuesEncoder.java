package dev.kgraph.worker.execution;

import dev.kgraph.model.json.Json;
import dev.kgraph.model.json.RawJsonMap;
import dev.kgraph.worker.checkpoints.SizedLru;
import java.io.ByteArrayOutputStream;
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

    private record EncodedList(List<?> list, byte[] json) {
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
            remember(threadId, Map.of()); // short values (a new thread's): encoded with the report, as any map
            return values;
        }
        var previous = previous(threadId);
        var lists = new HashMap<String, EncodedList>();
        var out = new ByteArrayOutputStream(1024);
        out.write('{');
        boolean first = true;
        for (var e : values.entrySet()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            out.writeBytes(Json.write(e.getKey()));
            out.write(':');
            if (e.getValue() instanceof List<?> list && list.size() >= MIN_REUSED_LENGTH) {
                var encoded = new EncodedList(list, encodeList(list, previous.get(e.getKey())));
                lists.put(e.getKey(), encoded);
                out.writeBytes(encoded.json());
            } else {
                out.writeBytes(Json.write(e.getValue()));
            }
        }
        out.write('}');
        remember(threadId, lists);
        return RawJsonMap.of(out.toByteArray());
    }

    private static byte[] encodeList(List<?> list, EncodedList before) {
        if (before == null || !startsWithSameEntries(list, before.list())) {
            return Json.write(list);
        }
        var out = new ByteArrayOutputStream(before.json().length + 256 * (list.size() - before.list().size()));
        out.write(before.json(), 0, before.json().length - 1); // without its closing bracket
        for (int i = before.list().size(); i < list.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(Json.write(list.get(i)));
        }
        out.write(']');
        return out.toByteArray();
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

    private void remember(String threadId, Map<String, EncodedList> lists) {
        if (lists.isEmpty()) {
            byThread.remove(threadId);
        } else {
            byThread.put(threadId, lists, size(lists));
        }
    }

    private static long size(Map<String, EncodedList> lists) {
        return lists.values().stream().mapToLong(list -> list.json().length).sum();
    }
}
