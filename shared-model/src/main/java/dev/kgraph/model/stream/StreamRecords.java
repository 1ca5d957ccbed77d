package dev.kgraph.model.stream;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * The layout of a {@code kgraph.stream} record: key thread_id, value the SSE {@code data} exactly as it goes on the
 * wire (JSON bytes, written once by the executor and never re-encoded), and three headers: {@value #RUN_ID},
 * {@value #EVENT} (the SSE event name, e.g. {@code values}, {@code updates|child:<task id>},
 * {@code messages/partial}) and {@value #ATTEMPT}. The headers let a gateway skip the records of runs nobody
 * streams from it without parsing them.
 *
 * <p>An event named {@value #CONTROL} is not forwarded to clients: its value {@code "done"} marks the end of an
 * attempt's events (the executor writes it after the last event and before it reports the run finished).
 *
 * <p>A record without a {@value #RUN_ID} header belongs to the thread, not to a run: {@value #STATE_UPDATE}, written by
 * the thread's writer when {@code POST /threads/{id}/state} changed the thread's state (value
 * {@code {"state": <thread state>, "thread_id": ...}}). Only the thread stream forwards it; run streams select their
 * records by the {@value #RUN_ID} header and so never see it.
 */
public final class StreamRecords {
    public static final String RUN_ID = "run_id";
    public static final String EVENT = "event";
    public static final String ATTEMPT = "attempt";
    /** Not forwarded: {@code "done"} ends an attempt's events. */
    public static final String CONTROL = "control";
    public static final byte[] DONE = "\"done\"".getBytes(StandardCharsets.UTF_8);
    /** A thread event (no {@value #RUN_ID} header): the thread's state was updated through the API. */
    public static final String STATE_UPDATE = "state_update";

    private StreamRecords() {
    }

    /** The value of a header as text, or null when absent. */
    public static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
