package dev.kgraph.model.events;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers of a {@code kgraph.events} record, so that a reader can skip the records it has no use for without decoding
 * them (a completion carries the run's whole final state): {@value #RUN_ID}, the run; {@value #WEBHOOK}, present when
 * the run has a webhook to call. Records written before these headers existed have none, and are decoded.
 */
public final class RunEventHeaders {
    public static final String RUN_ID = "run_id";
    public static final String WEBHOOK = "webhook";
    private static final byte[] YES = {'1'};

    private RunEventHeaders() {
    }

    /** The headers of {@code event}. */
    public static Headers of(RunEvent event) {
        var headers = new RecordHeaders();
        headers.add(RUN_ID, event.run().runId().getBytes(StandardCharsets.UTF_8));
        if (event.run().hasWebhook()) {
            headers.add(WEBHOOK, YES);
        }
        return headers;
    }

    /** The run the record is about, or null for a record without the header (written before it existed). */
    public static String runId(Headers headers) {
        var header = headers.lastHeader(RUN_ID);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** False only for a record whose headers say its run has no webhook. */
    public static boolean mayHaveWebhook(Headers headers) {
        return headers.lastHeader(RUN_ID) == null || headers.lastHeader(WEBHOOK) != null;
    }
}
