package dev.kgraph.worker.sequencer;

import dev.kgraph.model.events.RunEvent;
import dev.kgraph.model.logging.RunLogContext;
import dev.kgraph.model.progress.RunOutcome;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.runs.RunStatus;
import dev.kgraph.model.threads.ThreadStatus;
import dev.kgraph.model.time.Timestamps;
import dev.kgraph.model.webhooks.WebhookDelivery;
import dev.kgraph.model.webhooks.WebhookRequest;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves runs through their lifecycle on one partition: start the next queued run of a thread when the execution
 * pool has a slot, settle a run that ended, cancel (pending: at once; running: by signal to the executor), and
 * recover executions that died with their worker.
 */
final class RunLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RunLifecycle.class);
    private static final Map<String, Object> USER_INTERRUPT = errorOf("UserInterrupt", "User interrupted the run");

    private final SequencerState state;
    private final RunDispatcher dispatcher;
    private final int maxAttempts;
    /**
     * Threads whose next run is due but found the pool full, in the order they asked. Only a hint: the runs
     * themselves wait in the threads' durable queues, and {@link #recover()} rebuilds this set after a restart.
     */
    private final Set<String> waitingForSlot = new LinkedHashSet<>();
    /**
     * Dispatches made by this task before {@link #recover()} ran (requests are processed while recovery waits for
     * its gate): their executions are alive here, so recovery must not take them for runs that lost their worker.
     * Null once recovery ran.
     */
    private Set<String> dispatchedBeforeRecovery = new java.util.HashSet<>();
    /** The runs of busy threads offered to their running executions as successors. */
    private final SuccessorOffers successors;

    RunLifecycle(SequencerState state, RunDispatcher dispatcher, int maxAttempts) {
        this.state = state;
        this.dispatcher = dispatcher;
        this.maxAttempts = maxAttempts;
        this.successors = new SuccessorOffers(state, dispatcher);
    }

    /**
     * Starts the first due run of the thread's queue when nothing runs on it, in arrival order; runs scheduled for
     * later ({@code after_seconds}) wait without blocking due ones; runs cancelled while queued are dropped. Returns
     * false when its due run was refused a slot (the thread then waits in {@link #waitingForSlot}).
     */
    boolean startNextRun(ThreadEntry thread) {
        return startNextRun(thread, false);
    }

    /**
     * As {@link #startNextRun(ThreadEntry)}; {@code createdNow}: the calling decision created the thread, which
     * therefore has no checkpoint yet (its execution then skips looking for one).
     */
    boolean startNextRun(ThreadEntry thread, boolean createdNow) {
        return startNextRun(thread, createdNow, null);
    }

    /**
     * As {@link #startNextRun(ThreadEntry, boolean)}, after a run whose execution started its offered successor
     * {@code handedTo} (a dispatch id; null when it started none, or when its end is not one a successor may follow).
     * That successor is confirmed when it is the run this would start, as offered; any other offer of the thread,
     * and {@code handedTo} when not confirmed, is revoked.
     */
    private boolean startNextRun(ThreadEntry thread, boolean createdNow, String handedTo) {
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
                if (thread.streamedAt(now)) {
                    pending = asStreamed(pending); // someone streams the whole thread
                }
                var started = successors.confirm(pending, handedTo);
                handedTo = null;
                if (started == null) {
                    started = pending.started(state.now());
                    if (!dispatcher.tryDispatch(RunDispatcher.Dispatch.of(started, state.partition(), createdNow))) {
                        // stays pending; offered again when a slot frees (a thread already waiting keeps its place)
                        waitingForSlot.add(thread.threadId());
                        state.put(thread);
                        return false;
                    }
                }
                if (dispatchedBeforeRecovery != null) {
                    dispatchedBeforeRecovery.add(started.dispatchId());
                }
                thread = thread.start(runId, state.now());
                state.put(started);
                state.put(thread);
                offerSuccessors(thread, started);
                return true;
            }
            revokeSuccessors(thread.threadId(), handedTo); // nothing to start: whatever was offered is not wanted
        }
        if (thread.activeRunId() == null && thread.queue().isEmpty() && thread.status() == ThreadStatus.BUSY) {
            thread = thread.withStatus(ThreadStatus.IDLE, state.now());
        }
        state.put(thread);
        if (thread.activeRunId() != null && !thread.queue().isEmpty()) {
            var active = state.run(thread.threadId(), thread.activeRunId());
            if (active != null) {
                offerSuccessors(thread, active);
            }
        }
        return true;
    }

    /** Offers the thread's next due runs to follow {@code active}; not before recovery ran. */
    private void offerSuccessors(ThreadEntry thread, RunEntry active) {
        if (dispatchedBeforeRecovery == null) {
            successors.offer(thread, active);
        }
    }

    private void revokeSuccessors(String threadId, String alsoRevoke) {
        successors.revoke(threadId, alsoRevoke);
    }

    /**
     * A report of a run that no longer counts (superseded, ended, deleted) named the successor its execution started:
     * that one goes too, with whatever else the thread offered.
     */
    void successorOfUncountedEnd(String threadId, String successor) {
        revokeSuccessors(threadId, successor);
    }

    /** Scheduled runs whose time has come start now (called by a wall-clock punctuation). */
    void startDueRuns() {
        var now = state.instant();
        for (var wakeUp : state.takeDueWakeUps(now)) {
            if (wakeUp.startsWith(SequencerState.EXPIRY_PREFIX)) {
                var thread = state.thread(wakeUp.substring(SequencerState.EXPIRY_PREFIX.length()));
                // a later patch may have moved the expiry: only the thread's own time counts
                if (thread != null && thread.expiresAt() != null
                        && !Timestamps.parse(thread.expiresAt()).isAfter(now)) {
                    log.info("thread {} reached its ttl; deleted", thread.threadId());
                    deleteThread(thread, "Thread deleted: its ttl passed");
                }
                continue;
            }
            var thread = state.thread(wakeUp);
            if (thread != null) {
                startNextRun(thread);
            }
        }
    }

    /** Deletes a thread with its runs and checkpoints; a running run is cancelled and its waiters are answered. */
    void deleteThread(ThreadEntry thread, String why) {
        revokeSuccessors(thread.threadId(), null);
        if (thread.activeRunId() != null) {
            var active = state.run(thread.threadId(), thread.activeRunId());
            if (active != null && active.status() == RunStatus.RUNNING) {
                cancel(active, "interrupt"); // its late report finds nothing and is dropped
                publishCompletion(new RunEvent.RunCompleted(thread.threadId(), active.run(),
                        Map.of("__error__", errorOf("UserInterrupt", why)), thread.values(), null,
                        active.startedAt(), state.now()), null);
            }
        }
        state.deleteThread(thread.threadId());
    }

    /** Whether some thread's due run waits for a free execution slot (the punctuation must keep looking). */
    boolean hasRunsWaitingForSlots() {
        return !waitingForSlot.isEmpty();
    }

    /**
     * Threads that found the pool full try again, oldest first, while it has room (a punctuation calls this). The
     * first one refused keeps its place and ends the round: the slots left are owed to older runs of other partitions
     * (the pool hands freed slots out in creation order), and every later thread here would be refused too.
     */
    void startRunsWaitingForSlots() {
        if (waitingForSlot.isEmpty() || !dispatcher.hasCapacity()) {
            return;
        }
        for (var threadId : List.copyOf(waitingForSlot)) {
            if (!dispatcher.hasCapacity()) {
                return;
            }
            var thread = state.thread(threadId);
            if (thread != null && !startNextRun(thread)) {
                return;
            }
            waitingForSlot.remove(threadId);
        }
    }

    /** The executing attempt reported its end, with the ids of the root checkpoints it brought ({@code reported}). */
    void finish(RunEntry entry, RunOutcome outcome, java.util.Set<String> reported) {
        finish(entry, outcome, reported, null, null);
    }

    /**
     * As {@link #finish(RunEntry, RunOutcome, Set)}, for an execution that started its offered successor
     * {@code successor} (a dispatch id, or null). The successor is kept only when the thread goes on as the
     * execution assumed: the run ended {@code success}, not rolled back, at a checkpoint it wrote (the one the
     * successor continues); see {@link #startNextRun(ThreadEntry, boolean, String)}.
     *
     * @param valuesFrom the dispatch whose execution sent the run's final values straight to the gateways
     *     ({@code RunFinished.valuesSent}; the outcome then has none), or null. They are the state of the checkpoint
     *     the run ended at: the thread takes that checkpoint's state, undecoded, and the completion names the dispatch
     *     instead of carrying them.
     */
    void finish(RunEntry entry, RunOutcome outcome, java.util.Set<String> reported, String successor,
                String valuesFrom) {
        var threadId = entry.run().threadId();
        var thread = state.thread(threadId);
        String checkpointEndedAt = null; // a run answered with its values: the checkpoint it ended at holds them
        if (entry.rollingBack()) {
            valuesFrom = null; // a rolled-back run leaves no values
        } else {
            checkpointEndedAt = outcome.result() == null && (outcome.values() != null || valuesFrom != null)
                    ? state.latestCheckpointIdOf(threadId, entry.run().runId(), reported) : null;
            if (valuesFrom != null && checkpointEndedAt == null) {
                // the run's checkpoint is not the thread's latest (not expected): its state, sent whole
                outcome = outcome.withValues(latestValues(thread));
                valuesFrom = null;
            }
        }
        var endedAt = outcome.endedAt() != null ? outcome.endedAt() : state.now();
        var status = entry.rollingBack() ? RunStatus.INTERRUPTED : outcome.status();
        var result = entry.rollingBack() ? Map.of("__error__", USER_INTERRUPT) : outcome.body();
        var ended = entry.ended(status, result, outcome.error(), outcome.startedAt(), endedAt);
        boolean handedOn = false; // the thread goes on from the checkpoint the run ended at, as its successor does
        if (entry.rollingBack()) {
            state.deleteRun(threadId, entry.run().runId());
            state.deleteCheckpointsOf(threadId, entry.run().runId());
            thread = settleFromLatestCheckpoint(thread, null, null);
        } else {
            state.put(checkpointEndedAt != null ? ended.answeredWithStateOf(checkpointEndedAt) : ended);
            var failed = outcome.status() == RunStatus.ERROR;
            var error = failed ? outcome.error() : null;
            if (valuesFrom != null) {
                // the values went to the gateways: the thread's are the checkpoint's state, read only if looked at
                var values = state.stateOfCheckpoint(threadId, checkpointEndedAt);
                thread = thread.finishActive(ThreadStatus.IDLE, values, outcome.interrupts(), null, state.now());
                state.valuesAreStateOf(threadId, values, checkpointEndedAt);
                handedOn = true;
            } else if (outcome.values() == null) {
                // an end reported without its values (they did not fit in a record): the latest stored checkpoint's
                thread = settleFromLatestCheckpoint(thread, thread.values(), error);
            } else {
                var settled = failed ? ThreadStatus.ERROR
                        : outcome.hasNext() ? ThreadStatus.INTERRUPTED : ThreadStatus.IDLE;
                thread = thread.finishActive(settled, outcome.values(), outcome.interrupts(), error, state.now());
                if (settled == ThreadStatus.IDLE && checkpointEndedAt != null) {
                    state.valuesAreStateOf(threadId, thread.values(), checkpointEndedAt);
                    handedOn = true;
                }
            }
        }
        announceAndGoOn(ended, thread, entry.rollingBack() ? null : thread.values(), successor, handedOn, valuesFrom);
    }

    /**
     * Publishes the end of {@code ended}, then the thread goes on with its next run (a stateless one is deleted):
     * {@code successor}, the one its execution started, when {@code handedOn} (the thread is where it assumed).
     * {@code valuesFrom}: see {@link #finish(RunEntry, RunOutcome, Set, String, String)}.
     */
    private void announceAndGoOn(RunEntry ended, ThreadEntry settled, Map<String, Object> values, String successor,
                                 boolean handedOn, String valuesFrom) {
        emitCompleted(ended, values, valuesFrom);
        if (ended.temporary()) {
            state.deleteThread(settled.threadId()); // stateless run: nothing of it outlives its answer
            return;
        }
        if (successor != null && !handedOn) {
            revokeSuccessors(settled.threadId(), successor);
            successor = null;
        }
        startNextRun(settled, false, successor);
    }

    private void announceAndGoOn(RunEntry ended, ThreadEntry settled, Map<String, Object> values) {
        announceAndGoOn(ended, settled, values, null, false, null);
    }

    /**
     * Makes a pending or running run publish its stream events from now on (someone joined its stream): its
     * {@code kwargs.streamed} is recorded, so a later attempt streams too, and a running execution is told to start.
     * A finished run, or one already streamed, is returned unchanged.
     */
    RunEntry stream(RunEntry entry) {
        var run = entry.run();
        boolean active = run.status() == RunStatus.PENDING || run.status() == RunStatus.RUNNING;
        if (!active || entry.isStreamed()) {
            return entry;
        }
        var streamed = entry.streamed();
        state.put(streamed);
        if (run.status() == RunStatus.RUNNING) {
            dispatcher.startStreaming(run.runId());
        }
        return streamed;
    }

    /** The pending run with {@code kwargs.streamed}: its execution will publish its events. */
    private static RunEntry asStreamed(RunEntry pending) {
        return pending.isStreamed() ? pending : pending.streamed();
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
        revokeSuccessors(run.threadId(), null); // the queue changes: what was offered may no longer follow
        var thread = state.thread(run.threadId()).withoutQueued(run.runId(), state.now());
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

    /**
     * After a restart or a partition move, nothing of this partition executes here yet. A run that was executing
     * died with its worker: it goes back to the head of its thread's queue and starts again with attempt + 1
     * (continuing from its last durable checkpoint), unless it was being cancelled (it ends so) or its attempts are
     * used up (it ends {@code error}). Queues that were waiting start as slots allow.
     *
     * <p>It also repairs what a crash can leave half-written. One decision writes a thread entry and run entries,
     * which reach their changelogs as separate records; a worker killed in between leaves the changelogs, and so the
     * next owner's stores, with only some of them (at-least-once processing replays the input, but a replayed
     * decision sees its run already there, or already ended, and does nothing more). So: a run still pending or
     * running that its thread does not list is queued again, and a thread whose active run has already ended is
     * settled from that run and its checkpoints, and the run's completion is announced (again, perhaps: waiters
     * answer once, webhook receivers de-duplicate on the run id).
     */
    void recover() {
        state.keepRecentFromNowOn();
        var alive = dispatchedBeforeRecovery == null ? Set.<String>of() : dispatchedBeforeRecovery;
        dispatchedBeforeRecovery = null;
        var unfinished = new java.util.HashMap<String, List<RunEntry>>();
        for (var run : state.runsWhere(run -> !run.status().isFinal())) {
            unfinished.computeIfAbsent(run.run().threadId(), id -> new java.util.ArrayList<>()).add(run);
            if (run.acknowledgement() != null) { // its creator may still wait for it: the task that owed it is gone
                state.oweAcknowledgementIfNotOwed(run.run().runId(), Reply.ok(run.acknowledgement().requestId(),
                        run.acknowledgement().replyTo(), null));
            }
        }
        for (var stored : state.allThreads()) {
            var thread = queueStrayRuns(stored, unfinished.getOrDefault(stored.threadId(), List.of()));
            if (thread.activeRunId() == null) {
                startNextRun(thread);
                continue;
            }
            var entry = state.run(thread.threadId(), thread.activeRunId());
            if (entry != null && entry.status() == RunStatus.RUNNING && alive.contains(entry.dispatchId())) {
                continue; // dispatched by this task since it started: its execution is running here
            }
            if (entry != null && entry.status().isFinal()) {
                settleEnded(thread, entry);
            } else if (entry == null) {
                startNextRun(thread.withoutActive());
            } else if (entry.status() != RunStatus.RUNNING) {
                // pending while its thread calls it active: a crash kept the thread's write of its start but lost the
                // run's, and the replayed creation stored it pending again. It is still the thread's next run
                logAbout(thread.threadId(), entry.run().runId(), () -> log.warn(
                        "run {} of thread {} was the thread's active run but pending (a write lost in a crash); it"
                                + " starts again", entry.run().runId(), thread.threadId()));
                startNextRun(thread.requeueActive(state.now()));
            } else if (entry.cancelAction() != null) {
                finish(entry, endedWithoutExecution(entry, thread, RunStatus.INTERRUPTED, USER_INTERRUPT),
                        java.util.Set.of());
            } else if (entry.attempt() >= maxAttempts) {
                logAbout(thread.threadId(), entry.run().runId(), () -> log.warn(
                        "run {} of thread {} lost its worker {} times; it ends as an error", entry.run().runId(),
                        thread.threadId(), entry.attempt()));
                finish(entry, endedWithoutExecution(entry, thread, RunStatus.ERROR, errorOf("RunAttemptsExhausted",
                        "The run's worker stopped during each of its " + entry.attempt() + " attempts"
                                + " (kgraph.worker.max-attempts=" + maxAttempts + ")")), java.util.Set.of());
            } else {
                logAbout(thread.threadId(), entry.run().runId(), () -> log.info(
                        "run {} of thread {} lost its worker during attempt {}; it starts again", entry.run().runId(),
                        thread.threadId(), entry.attempt()));
                state.put(entry.requeued(state.now()));
                startNextRun(thread.requeueActive(state.now()));
            }
        }
    }

    /** Runs pending or running that the thread does not list (their thread's write was lost) go back in its queue. */
    private ThreadEntry queueStrayRuns(ThreadEntry thread, List<RunEntry> unfinished) {
        var strays = unfinished.stream()
                .filter(run -> !run.run().runId().equals(thread.activeRunId())
                        && !thread.queue().contains(run.run().runId()))
                .sorted(java.util.Comparator.comparing(run -> run.run().runId())) // uuid7: creation order
                .toList();
        var repaired = thread;
        for (var stray : strays) {
            logAbout(thread.threadId(), stray.run().runId(), () -> log.warn(
                    "run {} of thread {} was {} but not in its thread's queue (a write lost in a crash); queued again",
                    stray.run().runId(), thread.threadId(), stray.status().wire()));
            if (stray.status() == RunStatus.RUNNING) {
                state.put(stray.requeued(state.now()));
            }
            repaired = repaired.enqueue(stray.run().runId(), state.now());
        }
        return repaired;
    }

    /** The thread's active run had ended, but the thread's own write of that end was lost in a crash. */
    private void settleEnded(ThreadEntry thread, RunEntry ended) {
        logAbout(thread.threadId(), ended.run().runId(), () -> log.warn(
                "run {} of thread {} had ended {} but its thread did not show it (a write lost in a crash); settled",
                ended.run().runId(), thread.threadId(), ended.status().wire()));
        var settled = settleFromLatestCheckpoint(thread, thread.values(),
                ended.status() == RunStatus.ERROR ? ended.error() : null);
        announceAndGoOn(ended, settled, settled.values());
    }

    /** How a run ends when its execution is gone: the thread takes the state of its latest checkpoint. */
    private RunOutcome endedWithoutExecution(RunEntry entry, ThreadEntry thread, RunStatus status,
                                             Map<String, Object> error) {
        return new RunOutcome(status, Map.of("__error__", error), latestValues(thread), Map.of(), false,
                status == RunStatus.ERROR ? error : null, entry.startedAt(), state.now());
    }

    /** The state values of the thread's latest checkpoint; its values when it has none. */
    private Map<String, Object> latestValues(ThreadEntry thread) {
        var latest = state.latestCheckpoint(thread.threadId());
        return latest != null ? state.reader.threadStateOf(latest).values()
                : thread.values() != null ? thread.values() : Map.of();
    }

    /**
     * The thread takes the state of its latest checkpoint ({@code valuesWithoutCheckpoint} when it has none);
     * {@code error}, when not null, is the error of the run that ended, and makes the thread {@code error}. Used
     * after a rollback (the latest remaining checkpoint) and to settle a run whose thread missed its end.
     */
    private ThreadEntry settleFromLatestCheckpoint(ThreadEntry thread, Map<String, Object> valuesWithoutCheckpoint,
                                                   Map<String, Object> error) {
        var latest = state.latestCheckpoint(thread.threadId());
        var view = latest == null ? null : state.reader.threadStateOf(latest);
        var status = error != null ? ThreadStatus.ERROR
                : view != null && view.hasNext() ? ThreadStatus.INTERRUPTED : ThreadStatus.IDLE;
        return thread.finishActive(status, view != null ? view.values() : valuesWithoutCheckpoint,
                view != null ? view.interrupts() : Map.of(), error, state.now());
    }

    private void emitCompleted(RunEntry ended, Map<String, Object> values) {
        emitCompleted(ended, values, null);
    }

    /** {@code valuesFrom}: see {@link #finish(RunEntry, RunOutcome, Set, String, String)}. */
    private void emitCompleted(RunEntry ended, Map<String, Object> values, String valuesFrom) {
        state.observer.finished(ended.graphId(), ended.status());
        // a run stored without its body answers with the thread's values (RunEntry.answeredWithStateOf)
        var result = ended.result() != null ? ended.result() : values != null ? values : Map.of();
        // values that are the result (a completed run's) are sent once: the event's values are then null
        publishCompletion(new RunEvent.RunCompleted(ended.run().threadId(), ended.run(), result,
                values == result ? null : values,
                ended.error(), ended.startedAt(), ended.endedAt()), valuesFrom);
    }

    /**
     * Publishes a run's completion ({@code completed} holds the whole run), without the run's kwargs: waiters use only
     * its id and the result; without its values too when its execution sent them ({@code valuesFrom}, its dispatch),
     * which are then never decoded here. A run with a webhook has its delivery queued, built from the whole run.
     */
    private void publishCompletion(RunEvent.RunCompleted completed, String valuesFrom) {
        var run = completed.run();
        state.emit(valuesFrom != null
                ? new RunEvent.RunCompleted(completed.threadId(), run.asCompleted(), null, null, completed.error(),
                        completed.runStartedAt(), completed.runEndedAt(), valuesFrom)
                : new RunEvent.RunCompleted(completed.threadId(), run.asCompleted(), completed.result(),
                        completed.values(), completed.error(), completed.runStartedAt(), completed.runEndedAt()));
        WebhookRequest.forCompletion(completed).ifPresent(this::queueWebhook);
    }

    /**
     * The run asked for a webhook: its delivery is queued, and recorded as {@code pending} on the run unless the run
     * is gone (rolled back). The dispatcher reports how it goes on ({@code RecordWebhookDelivery}).
     */
    private void queueWebhook(WebhookRequest request) {
        state.enqueueWebhook(request);
        state.observer.webhookEnqueued();
        var current = state.run(request.threadId(), request.runId());
        if (current != null) {
            state.put(current.withWebhook(new WebhookDelivery(request.deliveryId(), request.url(),
                    WebhookDelivery.PENDING, 0, null, null, state.now())));
        }
    }

    static Map<String, Object> errorOf(String type, String message) {
        var error = new LinkedHashMap<String, Object>();
        error.put("error", type);
        error.put("message", message);
        return error;
    }

    /** Recovery walks every thread of the partition: each line names its run in the log context too. */
    private static void logAbout(String threadId, String runId, Runnable line) {
        try (var ignored = RunLogContext.of(threadId, runId)) {
            line.run();
        }
    }
}
