/**
 * Run streams over SSE ({@code runs/stream}, the join stream, {@code stream: true} on {@code runs/wait}) and the
 * thread stream ({@code GET /threads/{id}/stream}, its modes in {@link dev.kgraph.gateway.streaming.ThreadStreamModes}):
 * events read from {@code kgraph.stream}, each SSE id the record's offset in its partition, so any gateway resumes a
 * stream from {@code Last-Event-ID}. See docs/streaming.md.
 */
package dev.kgraph.gateway.streaming;
