/**
 * Run streams over SSE ({@code runs/stream}, the join stream, {@code stream: true} on {@code runs/wait}): events
 * read from {@code kgraph.stream}, each SSE id the record's offset in its partition, so any gateway resumes a
 * stream from {@code Last-Event-ID}. See docs/streaming.md.
 */
package dev.kgraph.gateway.streaming;
