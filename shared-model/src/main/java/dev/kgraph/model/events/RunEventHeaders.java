package dev.kgraph.model.events;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers of a {@code kgraph.events} record, so that a reader can skip the records it has no use for without decoding
 * them (a completion carries the run's whole final state): {@value #RUN_ID}, the run. Records written before this
 * header existed have none, and are decoded. (Records written before 2026-12-04 may also carry {@code webhook}, read
 * then by the gateways' webhook dispatchers; the thread's writer now queues webhook deliveries itself.)
 */
public final class RunEventHeaders {
    public static final String RUN_ID = "run_id";

    private RunEventHeaders() {
    }

    /** The headers of {@code event}. */
    public static Headers of(RunEvent event) {
        var headers = new RecordHeaders();
        headers.add(RUN_ID, event.runId().getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** The run the record is about, or null for a record without the header (written before it existed). */
    public static String runId(Headers headers) {
        var header = headers.lastHeader(RUN_ID);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
