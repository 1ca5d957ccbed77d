package dev.kgraph.worker.sequencer;

import dev.kgraph.model.json.RawJsonMap;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.replies.Reply.Outcome;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.runs.Run;
import dev.kgraph.model.runs.RunSpec;
import dev.kgraph.model.runs.RunStatus;
import dev.kgraph.model.time.Timestamps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Requests about runs: create (with the multitask strategies), read, list, join, cancel, delete. */
final class RunRequests {
    static final String BUSY = "Thread is already running a task. Wait for it to finish or choose a different "
            + "multitask strategy.";

    private final SequencerState state;
    private final RunLifecycle lifecycle;

    RunRequests(SequencerState state, RunLifecycle lifecycle) {
        this.state = state;
        this.lifecycle = lifecycle;
    }

    Reply create(ThreadRequest.CreateRun r) {
        RunSpec spec = r.run();
        var existingRun = state.run(r.threadId(), spec.runId());
        if (existingRun != null) {
            return Replies.ok(r, existingRun.run().forApi()); // a redelivered request: answer as the first time
        }
        var thread = state.thread(r.threadId());
        boolean newThread = thread == null;
        if (newThread) {
            if (!spec.createsThread()) {
                return Replies.failed(r, Outcome.NOT_FOUND, "Thread or assistant not found.");
            }
            thread = ThreadEntry.create(r.threadId(), orEmpty(spec.threadMetadata()), state.now());
            state.checkpoints.threadCreated(r.threadId());
        } else {
            // as LangGraph Platform: a run marks its thread with the graph and assistant it ran
            var metadata = new LinkedHashMap<String, Object>(orEmpty(thread.metadata()));
            metadata.putAll(orEmpty(spec.threadMetadata()));
            thread = thread.withMetadata(metadata, thread.updatedAt());
        }
        var unknownCheckpoint = unknownCheckpoint(r.threadId(), spec);
        if (unknownCheckpoint != null) {
            return Replies.failed(r, Outcome.NOT_FOUND, unknownCheckpoint);
        }
        var strategy = spec.multitaskStrategy();
        // the thread already lists this run: a replay after a crash that kept the thread's write but lost the run's
        // (at-least-once); the first decision stands, so no multitask strategy applies against the run itself
        boolean replayed = spec.runId().equals(thread.activeRunId()) || thread.queue().contains(spec.runId());
        if (replayed) {
            strategy = "enqueue";
        }
        if ("reject".equals(strategy) && thread.hasActiveOrQueuedRuns()) {
            return Replies.failed(r, Outcome.CONFLICT, BUSY);
        }
        if (("interrupt".equals(strategy) || "rollback".equals(strategy)) && thread.hasActiveOrQueuedRuns()) {
            state.put(thread);
            cancelInFlight(thread, strategy);
            thread = state.thread(r.threadId());
        }
        var run = new Run(spec.runId(), r.threadId(), spec.assistantId(), spec.createdAt(), spec.createdAt(),
                RunStatus.PENDING, runMetadata(thread, spec), spec.kwargs(), spec.multitaskStrategy());
        boolean deferred = Boolean.TRUE.equals(r.acknowledgeOnly()) && Boolean.TRUE.equals(r.deferAcknowledgement())
                && r.replyTo() != null;
        var entry = RunEntry.pending(run, spec.graphId(), spec.temporary());
        state.put(deferred ? entry.owing(new RunEntry.Acknowledgement(r.requestId(), r.replyTo())) : entry);
        state.observer.created(spec.graphId());
        if (spec.afterSeconds() > 0) {
            state.scheduleWakeUp(Timestamps.parse(spec.createdAt()), r.threadId(), run.runId());
        }
        thread = thread.enqueue(run.runId(), state.now());
        state.put(thread);
        lifecycle.startNextRun(thread, newThread);
        var accepted = Replies.ok(r, Boolean.TRUE.equals(r.acknowledgeOnly()) ? null : run.forApi());
        if (deferred) {
            state.oweAcknowledgement(run.runId(), accepted);
            return null;
        }
        return accepted;
    }

    Reply get(ThreadRequest.GetRun r) {
        var entry = state.run(r.threadId(), r.runId());
        return entry == null ? Replies.failed(r, Outcome.NOT_FOUND, "Run not found") : Replies.ok(r, entry.run().forApi());
    }

    Reply list(ThreadRequest.ListRuns r) {
        if (state.thread(r.threadId()) == null) {
            return Replies.threadNotFound(r);
        }
        var page = new ArrayList<Run>();
        int matched = 0;
        for (var entry : state.runsOf(r.threadId())) {
            if (r.status() != null && !r.status().equals(entry.run().status().wire())) {
                continue;
            }
            if (matched++ >= r.offset() && page.size() < r.limit()) {
                page.add(entry.run().forApi());
            }
        }
        return Replies.ok(r, page);
    }

    /**
     * Ended: the stored result at once, or, when the run's body was its final values, the state of the checkpoint it
     * ended at ({@link RunEntry#answeredWithStateOf}), or the thread's values once that checkpoint is pruned (as
     * LangGraph Platform answers a finished run). Otherwise PENDING: the caller already waits for the completion
     * event.
     */
    Reply join(ThreadRequest.JoinRun r) {
        var entry = state.run(r.threadId(), r.runId());
        if (entry == null) {
            return Replies.failed(r, Outcome.NOT_FOUND, "Run not found");
        }
        if (!entry.status().isFinal()) {
            return new Reply(r.requestId(), r.replyTo(), Outcome.PENDING, null, entry.run()); // the gateway reads its outcome
        }
        if (entry.result() != null) {
            return Replies.ok(r, entry.result());
        }
        var endedWith = entry.resultCheckpoint() == null ? null
                : state.valuesAt(r.threadId(), entry.resultCheckpoint());
        if (endedWith != null) {
            return Replies.ok(r, endedWith);
        }
        var thread = state.thread(r.threadId());
        return Replies.ok(r, thread != null && thread.values() != null ? thread.values() : Map.of());
    }

    /** A live join: the run streams from now on if it did not (see {@link RunLifecycle#stream}). */
    Reply stream(ThreadRequest.StreamRun r) {
        var entry = state.run(r.threadId(), r.runId());
        if (entry == null) {
            return Replies.failed(r, Outcome.NOT_FOUND, "Run not found");
        }
        return Replies.ok(r, lifecycle.stream(entry).run()); // for the gateway only: status, created_at, streamed
    }

    Reply cancel(ThreadRequest.CancelRun r) {
        var entry = state.run(r.threadId(), r.runId());
        if (entry == null || !lifecycle.cancel(entry, r.action())) {
            return Replies.failed(r, Outcome.NOT_FOUND,
                    "Run " + r.runId() + " not found, or not pending or running: it cannot be cancelled.");
        }
        return Replies.ok(r, entry.run().forApi());
    }

    Reply cancelMany(ThreadRequest.CancelRuns r) {
        var missing = new ArrayList<String>();
        int cancelled = 0;
        if (r.runIds() != null && !r.runIds().isEmpty()) {
            for (var runId : r.runIds()) {
                var entry = state.run(r.threadId(), runId);
                if (entry != null && lifecycle.cancel(entry, r.action())) {
                    cancelled++;
                } else {
                    missing.add(runId);
                }
            }
            if (!missing.isEmpty()) {
                return Replies.failed(r, Outcome.NOT_FOUND, "Some runs were not found or not cancelable.");
            }
        } else {
            var wanted = "all".equals(r.status()) ? RunStatus.active()
                    : java.util.Set.of(RunStatus.fromWire(r.status()));
            for (var entry : state.runsWhere(e -> wanted.contains(e.status()))) {
                var current = state.run(entry.run().threadId(), entry.run().runId()); // earlier cancels change others
                if (current != null && lifecycle.cancel(current, r.action())) {
                    cancelled++;
                }
            }
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("cancelled", cancelled);
        body.put("missing", missing);
        return Replies.ok(r, body);
    }

    Reply delete(ThreadRequest.DeleteRun r) {
        var entry = state.run(r.threadId(), r.runId());
        if (entry == null) {
            return Replies.failed(r, Outcome.NOT_FOUND, "Run not found");
        }
        if (entry.status() == RunStatus.RUNNING) {
            return Replies.failed(r, Outcome.CONFLICT, "Run " + r.runId() + " is running: cancel it first.");
        }
        if (entry.status() == RunStatus.PENDING) {
            state.put(state.thread(r.threadId()).withoutQueued(r.runId(), state.now()));
        }
        state.deleteRun(r.threadId(), r.runId());
        return Replies.ok(r, null);
    }

    Reply recordWebhook(ThreadRequest.RecordWebhookDelivery r) {
        var entry = state.run(r.threadId(), r.runId());
        if (entry == null) {
            return Replies.failed(r, Outcome.NOT_FOUND, "Run not found"); // deleted meanwhile (rollback, temporary)
        }
        state.put(entry.withWebhook(r.delivery()));
        return Replies.ok(r, r.delivery());
    }

    Reply webhook(ThreadRequest.GetWebhookDelivery r) {
        var entry = state.run(r.threadId(), r.runId());
        if (entry == null || entry.webhook() == null) {
            return Replies.failed(r, Outcome.NOT_FOUND, "No webhook delivery recorded for run " + r.runId());
        }
        return Replies.ok(r, entry.webhook());
    }

    /** {@code interrupt} and {@code rollback}: every pending or running run of the thread is cancelled first. */
    private void cancelInFlight(ThreadEntry thread, String action) {
        var inFlight = new ArrayList<String>(thread.queue());
        if (thread.activeRunId() != null) {
            inFlight.addFirst(thread.activeRunId());
        }
        for (var runId : inFlight) {
            var entry = state.run(thread.threadId(), runId);
            if (entry != null) {
                lifecycle.cancel(entry, action);
            }
        }
    }

    private String unknownCheckpoint(String threadId, RunSpec spec) {
        if (spec.kwargs() instanceof RawJsonMap kwargs && !kwargs.mayContain("\"checkpoint_id\"")) {
            return null; // no checkpoint named: the kwargs stay undecoded, and are stored as the gateway encoded them
        }
        var configurable = configurable(spec.kwargs());
        if (!(configurable.get("checkpoint_id") instanceof String checkpointId) || checkpointId.isEmpty()) {
            return null;
        }
        var ns = configurable.get("checkpoint_ns") instanceof String s ? s : "";
        return state.hasCheckpoint(threadId, ns, checkpointId) ? null
                : "Checkpoint " + checkpointId + " not found in thread " + threadId;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> configurable(Map<String, Object> kwargs) {
        if (kwargs != null && kwargs.get("config") instanceof Map<?, ?> config
                && config.get("configurable") instanceof Map<?, ?> configurable) {
            return (Map<String, Object>) configurable;
        }
        return Map.of();
    }

    /** Run metadata: the thread's metadata under the request's (which already holds the assistant's). */
    private static Map<String, Object> runMetadata(ThreadEntry thread, RunSpec spec) {
        var merged = new HashMap<String, Object>(orEmpty(thread.metadata()));
        merged.putAll(orEmpty(spec.metadata()));
        return merged;
    }

    static Map<String, Object> orEmpty(Map<String, Object> map) {
        return map == null ? Map.of() : map;
    }
}
