package dev.kgraph.gateway.streaming;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One SSE connection's view of one run's stream, or of a whole thread's (every run on it and the thread's own events,
 * never ending): frames are offered by a Kafka reader thread (the shared tail or a resume's own consumer) and never
 * block it; they wait in a bounded buffer until Netty can write them. When the
 * buffer is full (the client reads slower than the run produces, for longer than the buffer lasts) the stream
 * fails with {@link Overflow} and the connection is closed without a clean end, so the client sees a broken
 * stream, never a silently incomplete one; it resumes with {@code Last-Event-ID} (the events are in Kafka).
 * A run's stream ends at the executor's done marker once the run is settled ({@link #endOnlyOnceSettled}: a client
 * that reads the run right after its stream ended finds it finished, as on LangGraph Platform, where the done signal
 * follows the status update), or when {@link #end()} is called; a thread's stream passes every record through its
 * {@link ThreadStreamModes} instead (a done marker becomes a run-done event).
 */
final class RunSubscription {
    private final String runId;
    private final boolean wholeThread;
    private final Set<String> modes;
    private final ThreadStreamModes threadModes;
    private final Sinks.Many<StreamFrame> sink;
    private final Runnable onClose;
    private boolean ended;
    private boolean delivered;
    private java.util.concurrent.CompletableFuture<?> settled;
    private boolean doneSeen;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param modes    the stream modes to forward, or null for all ({@code metadata} and {@code error} always pass)
     * @param capacity frames buffered for a slow client before the stream is failed
     * @param onClose  runs once when the client's stream terminates, whichever way
     */
    RunSubscription(String runId, Set<String> modes, int capacity, Runnable onClose) {
        this(runId, null, modes, capacity, onClose);
    }

    /** A whole thread's stream: {@code threadId}'s records, as {@code threadModes} selects them. */
    static RunSubscription ofThread(String threadId, ThreadStreamModes threadModes, int capacity, Runnable onClose) {
        return new RunSubscription(threadId, java.util.Objects.requireNonNull(threadModes), null, capacity, onClose);
    }

    private RunSubscription(String key, ThreadStreamModes threadModes, Set<String> modes, int capacity,
                            Runnable onClose) {
        this.runId = key;
        this.wholeThread = threadModes != null;
        this.threadModes = threadModes;
        this.modes = modes;
        this.sink = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(capacity));
        this.onClose = onClose;
    }

    /** The run's id, or the thread's for a whole-thread stream. */
    String runId() {
        return runId;
    }

    boolean wholeThread() {
        return wholeThread;
    }

    /** Called by a reader thread for every record of this run (of this thread); returns at once. */
    synchronized void offer(StreamFrame frame) {
        if (ended) {
            return;
        }
        if (wholeThread) {
            var selected = threadModes.select(frame);
            if (selected != null) {
                emit(selected);
            }
            return;
        }
        if (frame.isDone()) {
            endAtDone();
            return;
        }
        if (modes != null && !frame.event().equals("metadata") && !frame.event().equals("error")
                && !modes.contains(frame.mode())) {
            return;
        }
        emit(frame);
    }

    /**
     * Makes the done marker end the stream only once {@code settledFuture} completes (the run's completion, read
     * from {@code kgraph.events}): the executor writes the marker before it reports the end, so without this a
     * client could see its stream end while the run still reads {@code running}. The marker of an attempt that
     * was fenced (a newer attempt took over) is also not an end then: the newer attempt's events follow. Called
     * before the run can start, so before any marker arrives.
     */
    synchronized RunSubscription endOnlyOnceSettled(java.util.concurrent.CompletableFuture<?> settledFuture) {
        this.settled = settledFuture;
        return this;
    }

    private void endAtDone() {
        if (settled == null || settled.isDone()) {
            end();
        } else if (!doneSeen) {
            doneSeen = true;
            settled.whenComplete((result, error) -> end());
        }
    }

    private void emit(StreamFrame frame) {
        if (sink.tryEmitNext(frame).isFailure()) {
            ended = true;
            sink.tryEmitError(new Overflow(runId, frame.id()));
        }
        delivered = true;
    }

    /** Whether any event of the run reached this subscription. */
    synchronized boolean delivered() {
        return delivered;
    }

    /** Whether this subscription forwards events of {@code mode}. */
    boolean wants(String mode) {
        return modes == null || modes.contains(mode);
    }

    /** Ends the stream cleanly after the frames already buffered. */
    synchronized void end() {
        if (!ended) {
            ended = true;
            sink.tryEmitComplete();
        }
    }

    synchronized boolean ended() {
        return ended;
    }

    /** Sends an event that has no position in Kafka (no SSE id), e.g. a non-streamed run's final values. */
    synchronized void offerSynthetic(String event, byte[] data) {
        if (!ended && sink.tryEmitNext(new StreamFrame(-1, event, data, 0)).isFailure()) {
            ended = true;
            sink.tryEmitError(new Overflow(runId, -1));
        }
    }

    /** Stops delivering and releases what the subscription holds; idempotent. */
    void close() {
        synchronized (this) {
            ended = true;
        }
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }

    /** The frames, for one subscriber (the HTTP response). */
    Flux<StreamFrame> frames() {
        return sink.asFlux().doFinally(signal -> close());
    }

    /** The client's buffer overflowed; the events from {@code firstLostId} on were not sent to it. */
    static final class Overflow extends RuntimeException {
        Overflow(String runId, long firstLostId) {
            super("stream of run " + runId + " overflowed its buffer at event " + firstLostId
                    + "; the client resumes with Last-Event-ID");
        }
    }
}
