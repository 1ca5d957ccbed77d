package dev.kgraph.gateway.streaming;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of Server-Sent Events as LangGraph Platform's Python server writes them:
 * {@code event: <name>\r\ndata: <json>\r\nid: <id>\r\n\r\n}, and the heartbeat comment {@code : heartbeat}.
 * The data is one line: the executor writes compact JSON, which escapes every line break inside strings.
 */
final class SseFrames {
    static final byte[] HEARTBEAT = ": heartbeat\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\r\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "\r\nid: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private SseFrames() {
    }

    /** One event; {@code id} is omitted when negative (an event that has no position, e.g. a synthesised one). */
    static byte[] encode(String event, byte[] data, long id) {
        var out = new ByteArrayOutputStream(data.length + event.length() + 40);
        out.writeBytes(EVENT);
        out.writeBytes(event.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(DATA);
        out.writeBytes(data);
        if (id >= 0) {
            out.writeBytes(ID);
            out.writeBytes(Long.toString(id).getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(END);
        return out.toByteArray();
    }

    static byte[] encode(StreamFrame frame) {
        return encode(frame.event(), frame.data(), frame.id());
    }

    /**
     * The position after which a client resumes: the decimal {@code Last-Event-ID}; {@code -1} and {@code -}
     * replay the run from its start (returned as -1). Anything else is a 422.
     */
    static long parseLastEventId(String header) {
        String value = header.trim();
        if (value.equals("-") || value.equals("-1")) {
            return -1;
        }
        try {
            long id = Long.parseLong(value);
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the 422
        }
        throw dev.kgraph.gateway.api.ApiException.unprocessable(
                "Last-Event-ID: must be a decimal event id from this server's streams, or -1 to replay from the start");
    }
}
