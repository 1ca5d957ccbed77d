package dev.kgraph.worker.sequencer;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kgraph.model.json.RawJsonMap;
import dev.kgraph.model.threads.ThreadStatus;
import dev.kgraph.model.threads.ThreadView;
import dev.kgraph.model.time.Timestamps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A thread as its writer stores it: the API fields plus the run queue. {@code activeRunId} is the one run executing;
 * {@code queue} holds pending runs in arrival order, so the order survives restarts and fail-over. {@code expiresAt}
 * is when its ttl deletes it (null: never); a wake-up in the schedule store fires then. {@code streamedUntil}: someone
 * streams the whole thread until then (a lease the gateway renews), so its runs publish their events.
 */
@JsonInclude(JsonInclude.Include.NON_NULL) // absent reads back as null: fewer changelog bytes per write
record ThreadEntry(String threadId, String createdAt, String updatedAt, String stateUpdatedAt,
                   Map<String, Object> metadata, Map<String, Object> config, ThreadStatus status,
                   @JsonDeserialize(using = RawJsonMap.Reader.class) Map<String, Object> values,
                   Map<String, List<Object>> interrupts, Object error,
                   String activeRunId, List<String> queue, String expiresAt, String streamedUntil) {

    static ThreadEntry create(String threadId, Map<String, Object> metadata, String now) {
        return new ThreadEntry(threadId, now, now, now, metadata, Map.of(), ThreadStatus.IDLE, null, Map.of(), null,
                null, List.of(), null, null);
    }

    /** The thread is deleted at {@code when} (its ttl); null: never. */
    ThreadEntry expiringAt(String when) {
        return new ThreadEntry(threadId, createdAt, updatedAt, stateUpdatedAt, metadata, config, status, values,
                interrupts, error, activeRunId, queue, when, streamedUntil);
    }

    /** Someone streams the thread until {@code until}; a lease further out than that is kept. */
    ThreadEntry streamedUntil(String until) {
        var later = streamedUntil != null
                && Timestamps.parse(streamedUntil).isAfter(Timestamps.parse(until)) ? streamedUntil : until;
        return new ThreadEntry(threadId, createdAt, updatedAt, stateUpdatedAt, metadata, config, status, values,
                interrupts, error, activeRunId, queue, expiresAt, later);
    }

    /** Whether someone streams the whole thread at {@code now}: its runs publish their events. */
    boolean streamedAt(java.time.Instant now) {
        return streamedUntil != null && Timestamps.parse(streamedUntil).isAfter(now);
    }

    ThreadView toView() {
        return new ThreadView(threadId, createdAt, updatedAt, stateUpdatedAt, metadata, config, status, values,
                interrupts, error);
    }

    boolean hasActiveOrQueuedRuns() {
        return activeRunId != null || !queue.isEmpty();
    }

    /** Adds {@code runId} at the end of the queue; a run already queued or active is not added twice (replays). */
    ThreadEntry enqueue(String runId, String now) {
        var next = new ArrayList<>(queue);
        if (!runId.equals(activeRunId) && !next.contains(runId)) {
            next.add(runId);
        }
        return new ThreadEntry(threadId, createdAt, now, stateUpdatedAt, metadata, config, ThreadStatus.BUSY, values,
                interrupts, error, activeRunId, List.copyOf(next), expiresAt, streamedUntil);
    }

    /** Moves {@code runId} from the queue to active. */
    ThreadEntry start(String runId, String now) {
        var rest = new ArrayList<>(queue);
        rest.remove(runId);
        return new ThreadEntry(threadId, createdAt, now, stateUpdatedAt, metadata, config, ThreadStatus.BUSY, values,
                interrupts, error, runId, List.copyOf(rest), expiresAt, streamedUntil);
    }

    ThreadEntry withoutQueued(String runId, String now) {
        var next = new ArrayList<>(queue);
        next.remove(runId);
        var status = activeRunId == null && next.isEmpty() && this.status == ThreadStatus.BUSY
                ? ThreadStatus.IDLE : this.status;
        return new ThreadEntry(threadId, createdAt, now, stateUpdatedAt, metadata, config, status, values,
                interrupts, error, activeRunId, List.copyOf(next), expiresAt, streamedUntil);
    }

    /** The active run ended: the thread takes its state and the status rules of the API. */
    ThreadEntry finishActive(ThreadStatus settled, Map<String, Object> newValues,
                             Map<String, List<Object>> newInterrupts, Object newError, String now) {
        var status = queue.isEmpty() ? settled : ThreadStatus.BUSY;
        return new ThreadEntry(threadId, createdAt, now, now, metadata, config, status, newValues,
                newInterrupts == null ? Map.of() : newInterrupts, newError, null, queue, expiresAt, streamedUntil);
    }

    /** The active run goes back to the head of the queue (its execution died; it starts again first). */
    ThreadEntry requeueActive(String now) {
        var next = new ArrayList<String>();
        next.add(activeRunId);
        next.addAll(queue);
        return new ThreadEntry(threadId, createdAt, now, stateUpdatedAt, metadata, config, ThreadStatus.BUSY, values,
                interrupts, error, null, List.copyOf(next), expiresAt, streamedUntil);
    }

    ThreadEntry withoutActive() {
        return new ThreadEntry(threadId, createdAt, updatedAt, stateUpdatedAt, metadata, config, status, values,
                interrupts, error, null, queue, expiresAt, streamedUntil);
    }

    ThreadEntry withStatus(ThreadStatus next, String now) {
        return new ThreadEntry(threadId, createdAt, now, stateUpdatedAt, metadata, config, next, values,
                interrupts, error, activeRunId, queue, expiresAt, streamedUntil);
    }

    ThreadEntry withValues(Map<String, Object> next) {
        return new ThreadEntry(threadId, createdAt, updatedAt, stateUpdatedAt, metadata, config, status, next,
                interrupts, error, activeRunId, queue, expiresAt, streamedUntil);
    }

    ThreadEntry withMetadata(Map<String, Object> next, String now) {
        return new ThreadEntry(threadId, createdAt, now, stateUpdatedAt, next, config, status, values, interrupts,
                error, activeRunId, queue, expiresAt, streamedUntil);
    }
}
