package dev.kgraph.worker.sequencer;

import dev.kgraph.model.events.RunEvent;
import dev.kgraph.model.progress.RunOutcome;
import dev.kgraph.model.progress.RunProgress;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.replies.Reply.Outcome;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.runs.Run;
import dev.kgraph.model.runs.RunSpec;
import dev.kgraph.model.runs.RunStatus;
import dev.kgraph.model.threads.ThreadStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the threads of one partition. Requests from gateways and progress from executors arrive
 * here in partition order; every decision about a thread (create, accept or reject a run, start the next one,
 * apply a checkpoint, settle the status) is taken here and nowhere else, so two gateways can never both win.
 * Processing is idempotent (runs are keyed by id, progress is fenced by attempt), which makes at-least-once
 * delivery safe and keeps replies at Kafka's latency floor instead of a transaction commit interval.
 */
final class ThreadSequencer implements Processor<String, Object, String, Object> {
    private static final Logger log = LoggerFactory.getLogger(ThreadSequencer.class);

    private final RunDispatcher dispatcher;
    private final StateReader states;
    private final Clock clock;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, ThreadEntry> threads;
    private KeyValueStore<String, RunEntry> runs;
    private KeyValueStore<String, byte[]> checkpoints;
    private Cancellable recovery;

    ThreadSequencer(RunDispatcher dispatcher, StateReader states, Clock clock) {
        this.dispatcher = dispatcher;
        this.states = states;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.threads = context.getStateStore(SequencerStores.THREADS);
        this.runs = context.getStateStore(SequencerStores.RUNS);
        this.checkpoints = context.getStateStore(SequencerStores.CHECKPOINTS);
        // Runs that were executing when this partition last changed hands are resumed once the stores are restored;
        // punctuations only fire then, and forwarding is allowed there, unlike in init().
        this.recovery = context.schedule(Duration.ofMillis(1), PunctuationType.WALL_CLOCK_TIME, now -> recover());
    }

    @Override
    public void process(Record<String, Object> record) {
        switch (record.value()) {
            case ThreadRequest request -> handle(request);
            case RunProgress progress -> apply(progress);
            case null -> log.warn("skipped an unreadable record at {} (key {})", context.recordMetadata()
                    .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?"), record.key());
            default -> log.warn("skipped a record of unexpected type {}", record.value().getClass().getName());
        }
    }

    @Override
    public void close() {
        dispatcher.abandonPartition(context.taskId().partition());
    }

    // ------------------------------------------------------------------------------------------------ requests

    private void handle(ThreadRequest request) {
        Reply reply = switch (request) {
            case ThreadRequest.CreateThread r -> createThread(r);
            case ThreadRequest.GetThread r -> withThread(r, thread -> ok(r, thread.toView()));
            case ThreadRequest.GetState r -> withThread(r, thread -> state(r));
            case ThreadRequest.GetHistory r -> withThread(r, thread -> ok(r, history(r)));
            case ThreadRequest.CreateRun r -> createRun(r);
            case ThreadRequest.GetRun r -> withRun(r, r.runId(), entry -> ok(r, entry.run()));
            case ThreadRequest.ListRuns r -> withThread(r, thread -> ok(r, listRuns(r)));
            case ThreadRequest.JoinRun r -> withRun(r, r.runId(), entry -> join(r, entry));
            case ThreadRequest.CancelRun r -> withRun(r, r.runId(), entry -> cancel(r, entry));
        };
        context.forward(new Record<>(request.requestId(), reply, context.currentSystemTimeMs()),
                SequencerTopology.REPLIES_SINK);
    }

    private Reply createThread(ThreadRequest.CreateThread r) {
        var existing = threads.get(r.threadId());
        if (existing != null) {
            return "do_nothing".equals(r.ifExists()) ? ok(r, existing.toView())
                    : Reply.failed(r.requestId(), r.replyTo(), Outcome.CONFLICT, "Thread already exists");
        }
        var created = ThreadEntry.create(r.threadId(), orEmpty(r.metadata()), now());
        threads.put(r.threadId(), created);
        return ok(r, created.toView());
    }

    private Reply state(ThreadRequest.GetState r) {
        byte[] checkpoint = r.checkpointId() == null ? latestCheckpoint(r.threadId())
                : checkpoints.get(StoreKeys.checkpoint(r.threadId(), "", r.checkpointId()));
        if (checkpoint == null && r.checkpointId() != null) {
            return Reply.failed(r.requestId(), r.replyTo(), Outcome.NOT_FOUND,
                    "Checkpoint " + r.checkpointId() + " not found in thread " + r.threadId());
        }
        return ok(r, checkpoint == null ? states.emptySnapshot() : states.snapshot(checkpoint));
    }

    private List<Map<String, Object>> history(ThreadRequest.GetHistory r) {
        var items = new ArrayList<Map<String, Object>>();
        String to = r.before() == null ? StoreKeys.checkpointsTo(r.threadId(), "")
                : StoreKeys.checkpoint(r.threadId(), "", r.before());
        try (var it = checkpoints.reverseRange(StoreKeys.checkpointsFrom(r.threadId(), ""), to)) {
            while (it.hasNext() && items.size() < Math.max(1, r.limit())) {
                var entry = it.next();
                if (r.before() != null && entry.key.equals(to)) {
                    continue;
                }
                if (r.metadata() == null || states.metadataMatches(entry.value, r.metadata())) {
                    items.add(states.snapshot(entry.value));
                }
            }
        }
        return items;
    }

    private Reply createRun(ThreadRequest.CreateRun r) {
        RunSpec spec = r.run();
        var existingRun = runs.get(StoreKeys.run(r.threadId(), spec.runId()));
        if (existingRun != null) {
            return ok(r, existingRun.run()); // a redelivered request: answer as the first time
        }
        var thread = threads.get(r.threadId());
        if (thread == null) {
            if (!spec.createsThread()) {
                return Reply.failed(r.requestId(), r.replyTo(), Outcome.NOT_FOUND, "Thread or assistant not found.");
            }
            thread = ThreadEntry.create(r.threadId(), orEmpty(spec.threadMetadata()), now());
        }
        if ("reject".equals(spec.multitaskStrategy()) && thread.hasActiveOrQueuedRuns()) {
            return Reply.failed(r.requestId(), r.replyTo(), Outcome.CONFLICT,
                    "Thread is already running a task. Wait for it to finish or choose a different multitask strategy.");
        }
        var run = new Run(spec.runId(), r.threadId(), spec.assistantId(), spec.createdAt(), spec.createdAt(),
                RunStatus.PENDING, runMetadata(thread, spec), spec.kwargs(), spec.multitaskStrategy());
        runs.put(StoreKeys.run(r.threadId(), run.runId()), RunEntry.pending(run, spec.graphId(), spec.temporary()));
        thread = thread.enqueue(run.runId(), now());
        threads.put(r.threadId(), thread);
        emit(new RunEvent.RunCreated(r.threadId(), run));
        startNextRun(thread);
        return ok(r, run);
    }

    /** Run metadata: the thread's metadata under the request's (which already holds the assistant's). */
    private static Map<String, Object> runMetadata(ThreadEntry thread, RunSpec spec) {
        var merged = new HashMap<String, Object>(orEmpty(thread.metadata()));
        merged.putAll(orEmpty(spec.metadata()));
        return merged;
    }

    private List<Run> listRuns(ThreadRequest.ListRuns r) {
        var page = new ArrayList<Run>();
        int skipped = 0;
        try (var it = runs.reverseRange(StoreKeys.runsFrom(r.threadId()), StoreKeys.runsTo(r.threadId()))) {
            while (it.hasNext() && page.size() < r.limit()) {
                var run = it.next().value.run();
                if (r.status() != null && !r.status().equals(run.status().wire())) {
                    continue;
                }
                if (skipped++ >= r.offset()) {
                    page.add(run);
                }
            }
        }
        return page;
    }

    private Reply join(ThreadRequest.JoinRun r, RunEntry entry) {
        return entry.status().isFinal() ? ok(r, entry.result())
                : new Reply(r.requestId(), r.replyTo(), Outcome.PENDING, null, entry.run());
    }

    private Reply cancel(ThreadRequest.CancelRun r, RunEntry entry) {
        var run = entry.run();
        if (run.status() == RunStatus.RUNNING) {
            dispatcher.cancel(run.runId(), r.action());
            return ok(r, run);
        }
        if (run.status() != RunStatus.PENDING) {
            return Reply.failed(r.requestId(), r.replyTo(), Outcome.NOT_FOUND,
                    "Run " + run.runId() + " is not pending or running: it cannot be cancelled.");
        }
        var thread = threads.get(r.threadId()).withoutQueued(run.runId(), now());
        threads.put(r.threadId(), thread);
        if ("rollback".equals(r.action())) {
            runs.delete(StoreKeys.run(r.threadId(), run.runId()));
            return ok(r, run);
        }
        var ended = entry.ended(RunStatus.INTERRUPTED, Map.of(), null, null, now());
        runs.put(StoreKeys.run(r.threadId(), run.runId()), ended);
        emitCompleted(ended, thread.values());
        return ok(r, ended.run());
    }

    // ------------------------------------------------------------------------------------------------ progress

    private void apply(RunProgress progress) {
        var key = StoreKeys.run(progress.threadId(), progress.runId());
        var entry = runs.get(key);
        if (entry == null || entry.attempt() != progress.attempt() || entry.status() != RunStatus.RUNNING) {
            log.debug("ignored progress of run {} attempt {}: not the executing attempt", progress.runId(),
                    progress.attempt());
            return;
        }
        switch (progress) {
            case RunProgress.CheckpointSaved saved -> checkpoints.put(
                    StoreKeys.checkpoint(saved.threadId(), saved.checkpointNs(), saved.checkpointId()),
                    states.toBytes(saved.tuple()));
            case RunProgress.RunFinished finished -> finish(key, entry, finished.outcome());
        }
    }

    private void finish(String key, RunEntry entry, RunOutcome outcome) {
        var ended = entry.ended(outcome.status(), outcome.result(), outcome.error(), outcome.startedAt(),
                outcome.endedAt() != null ? outcome.endedAt() : now());
        runs.put(key, ended);
        var threadId = entry.run().threadId();
        var thread = threads.get(threadId);
        var settled = outcome.status() == RunStatus.ERROR ? ThreadStatus.ERROR
                : outcome.hasNext() ? ThreadStatus.INTERRUPTED : ThreadStatus.IDLE;
        thread = thread.finishActive(settled, outcome.values(), outcome.interrupts(), outcome.error(), now());
        threads.put(threadId, thread);
        emitCompleted(ended, outcome.values());
        startNextRun(thread);
    }

    // ------------------------------------------------------------------------------------------------ dispatching

    private void startNextRun(ThreadEntry thread) {
        while (thread.activeRunId() == null && !thread.queue().isEmpty()) {
            thread = thread.startHead(now());
            var key = StoreKeys.run(thread.threadId(), thread.activeRunId());
            var pending = runs.get(key);
            if (pending == null || pending.status() != RunStatus.PENDING) {
                thread = thread.withoutActive(); // deleted or cancelled while queued: skip it
                continue;
            }
            var started = pending.started(now());
            runs.put(key, started);
            threads.put(thread.threadId(), thread);
            emit(new RunEvent.RunStarted(thread.threadId(), started.run(), started.attempt()));
            dispatcher.dispatch(new RunDispatcher.Dispatch(started.run(), started.graphId(), started.attempt(),
                    context.taskId().partition(), started.temporary()));
            return;
        }
        if (thread.activeRunId() == null && thread.status() == ThreadStatus.BUSY) {
            threads.put(thread.threadId(), thread.withStatus(ThreadStatus.IDLE, now()));
        }
    }

    /** After a restart or a partition move: re-dispatch interrupted executions (attempt + 1) and stalled queues. */
    private void recover() {
        recovery.cancel();
        var stalled = new ArrayList<ThreadEntry>();
        try (var it = threads.all()) {
            it.forEachRemaining(kv -> stalled.add(kv.value));
        }
        for (var thread : stalled) {
            if (thread.activeRunId() == null) {
                startNextRun(thread);
                continue;
            }
            var key = StoreKeys.run(thread.threadId(), thread.activeRunId());
            var entry = runs.get(key);
            if (entry != null && entry.status() == RunStatus.RUNNING) {
                var resumed = new RunEntry(entry.run(), entry.graphId(), entry.temporary(), entry.attempt() + 1,
                        entry.startedAt(), null, null, null);
                runs.put(key, resumed);
                log.info("resuming run {} of thread {} as attempt {}", entry.run().runId(), thread.threadId(),
                        resumed.attempt());
                dispatcher.dispatch(new RunDispatcher.Dispatch(resumed.run(), resumed.graphId(), resumed.attempt(),
                        context.taskId().partition(), resumed.temporary()));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private interface ThreadHandler {
        Reply handle(ThreadEntry thread);
    }

    private interface RunHandler {
        Reply handle(RunEntry run);
    }

    private Reply withThread(ThreadRequest r, ThreadHandler handler) {
        var thread = threads.get(r.threadId());
        return thread == null ? Reply.failed(r.requestId(), r.replyTo(), Outcome.NOT_FOUND,
                "Thread with ID " + r.threadId() + " not found") : handler.handle(thread);
    }

    private Reply withRun(ThreadRequest r, String runId, RunHandler handler) {
        var entry = runs.get(StoreKeys.run(r.threadId(), runId));
        return entry == null ? Reply.failed(r.requestId(), r.replyTo(), Outcome.NOT_FOUND, "Run not found")
                : handler.handle(entry);
    }

    private static Reply ok(ThreadRequest r, Object body) {
        return Reply.ok(r.requestId(), r.replyTo(), body);
    }

    private void emitCompleted(RunEntry ended, Map<String, Object> values) {
        emit(new RunEvent.RunCompleted(ended.run().threadId(), ended.run(), ended.result(), values, ended.error(),
                ended.startedAt(), ended.endedAt()));
    }

    private void emit(RunEvent event) {
        context.forward(new Record<>(event.threadId(), event, context.currentSystemTimeMs()),
                SequencerTopology.EVENTS_SINK);
    }

    private byte[] latestCheckpoint(String threadId) {
        try (var it = checkpoints.reverseRange(StoreKeys.checkpointsFrom(threadId, ""),
                StoreKeys.checkpointsTo(threadId, ""))) {
            return it.hasNext() ? it.next().value : null;
        }
    }

    private String now() {
        return clock.instant().toString();
    }

    private static Map<String, Object> orEmpty(Map<String, Object> map) {
        return map == null ? Map.of() : map;
    }
}
