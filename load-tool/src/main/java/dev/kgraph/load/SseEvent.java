package dev.kgraph.load;

/**
 * One Server-Sent Event as the client sees it once dispatched.
 *
 * @param event the {@code event:} field, {@code "message"} when absent (the SSE default)
 * @param data  the {@code data:} lines joined with {@code "\n"} (the anchor pretty-prints, one line per data line)
 * @param id    the {@code id:} field of this event, or null when it had none
 */
record SseEvent(String event, String data, String id) {
}
