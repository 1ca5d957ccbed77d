package dev.kgraph.worker.sequencer;

import dev.kgraph.model.events.RunEvent;
import dev.kgraph.model.progress.RunOutcome;
import dev.kgraph.model.runs.RunStatus;
import dev.kgraph.model.threads.ThreadStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves runs through their lifecycle on one partition: start the next queued run of a thread, settle a run that
 * ended, cancel (pending: at once; running: by signal to the executor), and resume executions after a restart.
 */
final class RunLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RunLifecycle.class);
    private static final Map<String, Object> USER_INTERRUPT = errorOf("UserInterrupt", "User interrupted the run");

    private final SequencerState state;
    private final RunDispatcher dispatcher;

    RunLifecycle(SequencerState state, RunDispatcher dispatcher) {
        this.state = state;
        this.dispatcher = dispatcher;
    }

    /**
     * Starts the first due run of the thread's queue when nothing runs on it, in arrival order; runs scheduled for
     * later ({@code after_seconds}) wait without blocking due ones; runs cancelled while queued are dropped.
     */
    void startNextRun(ThreadEntry thread) {
        if (thread.activeRunId() == null) {
            var now = state.instant();
            for (var runId : List.copyOf(thread.queue())) {
                var pending = state.run(thread.threadId(), runId);
                if (pending == null || pending.status() != RunStatus.PENDING) {
                    thread = thread.withoutQueued(runId, state.now());
                    continue;
                }
                if (!pending.isDue(now)) {
                    continue;
                }
                thread = thread.start(runId, state.now());
                var started = pending.started(state.now());
                state.put(started);
                state.put(thread);
                state.emit(new RunEvent.RunStarted(thread.threadId(), started.run(), started.attempt()));
                dispatch(started);
                return;
            }
        }
        if (thread.activeRunId() == null && thread.queue().isEmpty() && thread.status() == ThreadStatus.BUSY) {
            thread = thread.withStatus(ThreadStatus.IDLE, state.now());
        }
        state.put(thread);
    }

    /** Scheduled runs whose time has come start now (called by a wall-clock punctuation). */
    void startDueRuns() {
        for (var threadId : state.takeDueWakeUps(state.instant())) {
            var thread = state.threads.get(threadId);
            if (thread != null) {
                startNextRun(thread);
            }
        }
    }

    /** The executing attempt reported its end. */
    void finish(RunEntry entry, RunOutcome outcome) {
        var threadId = entry.run().threadId();
        var endedAt = outcome.endedAt() != null ? outcome.endedAt() : state.now();
        var status = entry.rollingBack() ? RunStatus.INTERRUPTED : outcome.status();
        var result = entry.rollingBack() ? Map.of("__error__", USER_INTERRUPT) : outcome.result();
        var ended = entry.ended(status, result, outcome.error(), outcome.startedAt(), endedAt);
        var thread = state.threads.get(threadId);
        if (entry.rollingBack()) {
            state.deleteRun(threadId, entry.run().runId());
            state.deleteCheckpointsOf(threadId, entry.run().runId());
            thread = settleFromLatestCheckpoint(thread);
        } else {
            state.put(ended);
            var settled = outcome.status() == RunStatus.ERROR ? ThreadStatus.ERROR
                    : outcome.hasNext() ? ThreadStatus.INTERRUPTED : ThreadStatus.IDLE;
            thread = thread.finishActive(settled, outcome.values(), outcome.interrupts(),
                    outcome.status() == RunStatus.ERROR ? outcome.error() : null, state.now());
        }
        emitCompleted(ended, entry.rollingBack() ? null : outcome.values()); // a rolled-back run leaves no values
        if (entry.temporary()) {
            state.deleteThread(threadId); // stateless run: nothing of it outlives its answer
            return;
        }
        startNextRun(thread);
    }

    /**
     * Cancels a run. A pending one ends now ({@code interrupted}, or deleted under rollback); a running one is
     * signalled and settles when its executor reports. Returns false when the run is not pending or running.
     */
    boolean cancel(RunEntry entry, String action) {
        var run = entry.run();
        if (run.status() == RunStatus.RUNNING) {
            state.put(entry.cancelling(action));
            dispatcher.cancel(run.runId(), action);
            return true;
        }
        if (run.status() != RunStatus.PENDING) {
            return false;
        }
        var thread = state.threads.get(run.threadId()).withoutQueued(run.runId(), state.now());
        var ended = entry.ended(RunStatus.INTERRUPTED, Map.of("__error__", USER_INTERRUPT), null, null, state.now());
        if ("rollback".equals(action) || entry.temporary()) {
            state.deleteRun(run.threadId(), run.runId());
        } else {
            state.put(ended);
        }
        state.put(thread);
        emitCompleted(ended, thread.values());
        if (entry.temporary()) {
            state.deleteThread(run.threadId());
        }
        return true;
    }

    /** After a restart or a partition move: re-dispatch interrupted executions (attempt + 1) and stalled queues. */
    void recover() {
        var all = new java.util.ArrayList<ThreadEntry>();
        try (var it = state.threads.all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        for (var thread : all) {
            if (thread.activeRunId() == null) {
                startNextRun(thread);
                continue;
            }
            var entry = state.run(thread.threadId(), thread.activeRunId());
            if (entry != null && entry.status() == RunStatus.RUNNING) {
                var resumed = entry.retried();
                state.put(resumed);
                log.info("resuming run {} of thread {} as attempt {}", entry.run().runId(), thread.threadId(),
                        resumed.attempt());
                dispatch(resumed);
            } else {
                startNextRun(thread.withoutActive());
            }
        }
    }

    private void dispatch(RunEntry started) {
        dispatcher.dispatch(new RunDispatcher.Dispatch(started.run(), started.graphId(), started.attempt(),
                state.partition(), started.temporary()));
    }

    /** After a rollback the thread shows its latest remaining checkpoint. */
    private ThreadEntry settleFromLatestCheckpoint(ThreadEntry thread) {
        var latest = state.latestCheckpoint(thread.threadId());
        if (latest == null) {
            return thread.finishActive(ThreadStatus.IDLE, null, Map.of(), null, state.now());
        }
        var view = state.reader.threadStateOf(latest);
        return thread.finishActive(view.hasNext() ? ThreadStatus.INTERRUPTED : ThreadStatus.IDLE, view.values(),
                view.interrupts(), null, state.now());
    }

    private void emitCompleted(RunEntry ended, Map<String, Object> values) {
        state.emit(new RunEvent.RunCompleted(ended.run().threadId(), ended.run(), ended.result(), values,
                ended.error(), ended.startedAt(), ended.endedAt()));
    }

    static Map<String, Object> errorOf(String type, String message) {
        var error = new LinkedHashMap<String, Object>();
        error.put("error", type);
        error.put("message", message);
        return error;
    }
}
