package dev.kgraph.gateway.streaming;

import dev.kgraph.gateway.api.ApiException;
import dev.kgraph.gateway.api.RunCreateRequest;
import dev.kgraph.gateway.api.StreamMode;
import dev.kgraph.gateway.api.WireValue;
import dev.kgraph.model.json.Json;
import dev.kgraph.model.runs.RunSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Which stream modes this server produces, and how a run is marked as streamed. {@code events} (LangChain's
 * astream_events) and the JS server's {@code tools} are refused with a 422 naming them, never silently ignored.
 */
public final class StreamModes {
    private static final Set<StreamMode> UNSUPPORTED = Set.of(StreamMode.EVENTS, StreamMode.TOOLS);

    private StreamModes() {
    }

    /** 422 when a requested mode cannot be produced. */
    public static void requireSupported(List<StreamMode> modes) {
        var refused = modes.stream().filter(UNSUPPORTED::contains).map(WireValue::wire).toList();
        if (!refused.isEmpty()) {
            throw ApiException.unprocessable("stream_mode: " + String.join(", ", refused)
                    + " is not supported by this server; use values, updates, custom, messages, messages-tuple,"
                    + " tasks, checkpoints or debug");
        }
    }

    /**
     * The run with {@code kwargs.streamed = true}: its executor publishes its events to {@code kgraph.stream}.
     * Only runs someone streams are marked, so a plain {@code runs/wait} costs no stream traffic.
     */
    public static RunSpec streamed(RunCreateRequest request, RunSpec spec) {
        requireSupported(request.effectiveStreamModes());
        var kwargs = new LinkedHashMap<>(spec.kwargs());
        kwargs.put("streamed", true);
        return new RunSpec(spec.runId(), spec.assistantId(), spec.graphId(), spec.createdAt(), spec.metadata(), kwargs,
                spec.multitaskStrategy(), spec.ifNotExists(), spec.afterSeconds(), spec.temporary(),
                spec.threadMetadata());
    }

    /**
     * Aegra's {@code stream} field of {@code runs/wait}: true answers with the SSE stream. Absent, null or false keep
     * the JSON body; anything but a boolean is a 422.
     */
    public static boolean streamRequested(JsonNode body) {
        JsonNode stream = body == null || !body.isObject() ? null : body.get("stream");
        if (stream == null || stream.isNull()) {
            return false;
        }
        if (!stream.isBoolean()) {
            throw ApiException.unprocessable("stream: must be a boolean");
        }
        return stream.booleanValue();
    }

    /**
     * A join's {@code stream_mode} query: one mode, several (repeated or comma-separated), or a JSON list; null when
     * absent (every mode the run streams).
     */
    static Set<String> parseFilter(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        var modes = new LinkedHashSet<StreamMode>();
        for (String name : queryNames(values, "stream_mode")) {
            modes.add(WireValue.fromWire(StreamMode.class, name).orElseThrow(() -> ApiException.unprocessable(
                    "stream_mode: must be one of " + WireValue.choices(StreamMode.class) + ", or a list of them")));
        }
        requireSupported(List.copyOf(modes));
        var wire = new LinkedHashSet<String>();
        modes.forEach(mode -> wire.add(mode.wire()));
        return wire;
    }

    /**
     * The names in a list-valued query parameter: repeated, comma-separated, or a JSON list (the SDKs send a list as
     * JSON). Spring splits a value at its commas, so a JSON list arrives in pieces: they are joined again first.
     */
    static List<String> queryNames(List<String> values, String field) {
        String text = String.join(",", values).trim();
        var names = new ArrayList<String>();
        if (text.startsWith("[")) {
            try {
                flatten(Json.plain(Json.MAPPER.readTree("[" + text + "]")), names);
            } catch (RuntimeException malformed) {
                throw ApiException.unprocessable(field + ": must be a mode or a JSON list of modes");
            }
            return names;
        }
        for (String name : text.split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return names;
    }

    private static void flatten(Object value, List<String> into) {
        if (value instanceof List<?> list) {
            list.forEach(item -> flatten(item, into));
        } else {
            into.add(String.valueOf(value));
        }
    }
}
