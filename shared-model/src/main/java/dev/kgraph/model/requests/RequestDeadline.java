package dev.kgraph.model.requests;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Headers;

/**
 * Header {@value #HEADER} of a {@code kgraph.requests} record: when its sender stops waiting for the reply (epoch
 * milliseconds, the sender's clock). A gateway answers 503 then; a sequencer that reads a run's creation later drops
 * it instead of starting a run nobody waits for (a backlog of such runs would only push every later answer past its
 * deadline as well). Records without it (older gateways, a worker's own requests) never expire.
 */
public final class RequestDeadline {
    public static final String HEADER = "kgraph-deadline";

    private RequestDeadline() {
    }

    public static void stamp(Headers headers, long deadlineEpochMs) {
        headers.add(HEADER, Long.toString(deadlineEpochMs).getBytes(StandardCharsets.US_ASCII));
    }

    /** The deadline, or empty for a record without one (or an unreadable one: it is then treated as having none). */
    public static OptionalLong of(Headers headers) {
        var header = headers == null ? null : headers.lastHeader(HEADER);
        if (header == null || header.value() == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII)));
        } catch (NumberFormatException unreadable) {
            return OptionalLong.empty();
        }
    }
}
