package dev.kgraph.gateway.streaming;

import dev.kgraph.model.stream.StreamRecords;

/**
 * One record of a run's stream as read from {@code kgraph.stream}.
 *
 * @param id      the record's offset in its partition: the SSE id, strictly increasing within a run
 * @param event   the SSE event name ({@code values}, {@code updates|child:<task>}, {@code messages/partial}...)
 * @param data    the SSE data, JSON exactly as the executor wrote it
 * @param attempt the run attempt that produced it
 * @param runId   the run that produced it; null for a thread event ({@code state_update}) or a synthesised event
 */
record StreamFrame(long id, String event, byte[] data, int attempt, String runId) {

    StreamFrame(long id, String event, byte[] data, int attempt) {
        this(id, event, data, attempt, null);
    }

    /** The executor's end-of-attempt marker, never sent to clients. */
    boolean isDone() {
        return StreamRecords.CONTROL.equals(event);
    }

    /**
     * The stream mode an event belongs to, for a join's {@code stream_mode} filter: {@code messages} events are
     * {@code messages-tuple}, {@code messages/partial} and friends are {@code messages}, a subgraph's
     * {@code updates|ns} is {@code updates}.
     */
    String mode() {
        int bar = event.indexOf('|');
        String base = bar < 0 ? event : event.substring(0, bar);
        if (base.equals("messages")) {
            return "messages-tuple";
        }
        return base.startsWith("messages/") ? "messages" : base;
    }
}
