package dev.kgraph.load;

import java.util.Optional;

/**
 * Turns the lines of a {@code text/event-stream} body into events, following the HTML standard's parsing rules for
 * the fields a LangGraph server sends: {@code event}, {@code data} (several lines are joined with {@code "\n"}) and
 * {@code id}; a blank line dispatches the event; lines starting with {@code :} are comments (heartbeats); one space
 * after the colon is dropped; a line without a colon is a field with an empty value; unknown fields are ignored.
 * A block without data lines dispatches nothing, as in a browser. Line splitting (LF, CR or CRLF) is the caller's
 * ({@link java.io.BufferedReader#readLine}). One parser per stream, used by one thread.
 */
final class SseParser {

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String event;
    private String id;
    private int comments;

    /** Feeds one line without its terminator; returns the event this line completes, if any. */
    Optional<SseEvent> line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            comments++;
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> event = value;
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    id = value;
                }
            }
            default -> { } // retry and unknown fields: nothing a benchmark needs
        }
        return Optional.empty();
    }

    /** The end of the body: an event not closed by a blank line is dropped, as the standard says. */
    void end() {
        reset();
    }

    /** Comment lines seen so far (heartbeats). */
    int comments() {
        return comments;
    }

    private Optional<SseEvent> dispatch() {
        if (!hasData) {
            reset();
            return Optional.empty();
        }
        var dispatched = new SseEvent(event == null || event.isEmpty() ? "message" : event, data.toString(), id);
        reset();
        return Optional.of(dispatched);
    }

    private void reset() {
        data.setLength(0);
        hasData = false;
        event = null;
        id = null;
    }
}
