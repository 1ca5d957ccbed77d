package dev.kgraph.gateway.streaming;

import dev.kgraph.gateway.api.ApiException;
import dev.kgraph.model.json.Json;
import dev.kgraph.model.stream.StreamRecords;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The thread stream's modes, as LangGraph Platform defines them: {@code run_modes} (every event of every run, the
 * default), {@code lifecycle} (only each run's start, its {@code metadata {run_id, attempt}}, and its end) and
 * {@code state_update} (the thread's state changed through {@code POST /threads/{id}/state}). Several modes combine:
 * an event passes when any selected mode passes it.
 * <p>
 * A run's end is the executor's {@code control: done} marker, which the thread stream sends (unlike a run's own
 * stream) as {@code metadata {"status": "run_done", "run_id": ...}}, at the marker's position.
 */
final class ThreadStreamModes {
    static final String RUN_MODES = "run_modes";
    static final String LIFECYCLE = "lifecycle";
    static final String STATE_UPDATE = "state_update";
    private static final List<String> ALL = List.of(RUN_MODES, LIFECYCLE, STATE_UPDATE);
    static final ThreadStreamModes DEFAULT = new ThreadStreamModes(Set.of(RUN_MODES));

    private final Set<String> selected;

    private ThreadStreamModes(Set<String> selected) {
        this.selected = Set.copyOf(selected);
    }

    /**
     * The modes of a request: {@code stream_mode} (the SDKs' name) and {@code stream_modes} (the OpenAPI document's),
     * each one mode, several (repeated or comma-separated) or a JSON list; none: {@code run_modes}. 422 naming a mode
     * that is not one of the thread stream's.
     */
    static ThreadStreamModes parse(List<String> streamMode, List<String> streamModes) {
        var modes = new LinkedHashSet<String>();
        collect(streamMode, "stream_mode", modes);
        collect(streamModes, "stream_modes", modes);
        return modes.isEmpty() ? DEFAULT : new ThreadStreamModes(modes);
    }

    private static void collect(List<String> values, String field, Set<String> into) {
        if (values == null || values.isEmpty()) {
            return;
        }
        for (var name : StreamModes.queryNames(values, field)) {
            if (!ALL.contains(name)) {
                throw ApiException.unprocessable(field + ": '" + name + "' is not a thread stream mode; use "
                        + String.join(", ", ALL) + ", or a list of them");
            }
            into.add(name);
        }
    }

    Set<String> selected() {
        return selected;
    }

    /**
     * What the client gets for a record of the thread's stream: the frame, the run-done event a done marker stands
     * for, or null when no selected mode passes it.
     */
    StreamFrame select(StreamFrame frame) {
        var event = frame.isDone() ? runDone(frame) : frame;
        if (event == null) {
            return null;
        }
        boolean stateUpdate = event.event().equals(StreamRecords.STATE_UPDATE);
        if (selected.contains(RUN_MODES) && !stateUpdate) {
            return event;
        }
        if (selected.contains(STATE_UPDATE) && stateUpdate) {
            return event;
        }
        if (selected.contains(LIFECYCLE) && event.event().equals("metadata") && isLifecycle(event.data())) {
            return event;
        }
        return null;
    }

    /** {@code metadata {"status": "run_done", "run_id"}} in the done marker's place; null for a marker without a run. */
    private static StreamFrame runDone(StreamFrame marker) {
        if (marker.runId() == null) {
            return null;
        }
        var data = new LinkedHashMap<String, Object>();
        data.put("status", "run_done");
        data.put("run_id", marker.runId());
        return new StreamFrame(marker.id(), "metadata", Json.write(data), marker.attempt(), marker.runId());
    }

    /** A run's start ({@code {run_id, attempt}}) or end ({@code {status: run_done}}). */
    private static boolean isLifecycle(byte[] data) {
        try {
            if (Json.plain(Json.MAPPER.readTree(data)) instanceof Map<?, ?> map) {
                return "run_done".equals(map.get("status")) || (map.containsKey("run_id") && map.containsKey("attempt"));
            }
        } catch (RuntimeException unreadable) {
            // not a lifecycle event
        }
        return false;
    }
}
