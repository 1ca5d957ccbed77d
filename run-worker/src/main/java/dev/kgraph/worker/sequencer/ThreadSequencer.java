package dev.kgraph.worker.sequencer;

import dev.kgraph.model.logging.RunLogContext;
import dev.kgraph.model.progress.RunProgress;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.runs.RunStatus;
import dev.kgraph.model.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the threads of one partition: the Kafka Streams processor that receives, in partition order,
 * the requests of gateways and the progress of executors, and routes each to the class that decides it: requests
 * about runs to {@link RunRequests}, about threads to {@link ThreadRequests}, about assistants (keyed by assistant
 * id) to {@link AssistantRequests}, progress and the runs' starts, ends,
 * cancellations and crash recovery to {@link RunLifecycle}. They all run on this task's stream thread, so every
 * decision about a thread is taken in one place, one at a time, and two gateways can never both win.
 * <p>
 * Workers run exactly-once by default: one decision writes several store entries, and only a Kafka transaction keeps
 * a crash from splitting them (the fault-injection test lost and reordered runs under at-least-once). Inputs are
 * also applied idempotently (runs are keyed by id, progress is fenced by attempt), which is what the at-least-once
 * standalone server relies on, with recovery repairing what a crash can split (docs/reliability.md).
 */
final class ThreadSequencer implements Processor<String, Object, String, Object> {
    private static final Logger log = LoggerFactory.getLogger(ThreadSequencer.class);
    /** How often scheduled runs are checked; with the stream thread's poll.ms it bounds the start delay. */
    static final Duration SCHEDULE_PRECISION = Duration.ofMillis(20);
    private static final Duration RECOVERY_CHECK = Duration.ofMillis(20);
    static final Duration STORE_EXPIRY_SWEEP = Duration.ofSeconds(1);

    private final RunDispatcher dispatcher;
    private final int maxAttempts;
    private final StateReader reader;
    private final StateUpdater updater;
    private final Clock clock;
    private final RunObserver observer;
    private final SequencerWakeUps wakeUps;
    private final CommitPacing pacing;
    private ProcessorContext<String, Object> context;
    private SequencerState state;
    private RunLifecycle lifecycle;
    private RunRequests runs;
    private ThreadRequests threads;
    private AssistantRequests assistants;
    private CronRequests crons;
    private StoreRequests store;
    private Cancellable recovery;
    private RecoveryGate recoveryGate;
    private int partition;
    /** When this task last processed a record (stream-thread time), and whether {@link #wakeUps} was told. */
    private long lastRecordAt;
    private boolean reportedBusy;

    ThreadSequencer(RunDispatcher dispatcher, int maxAttempts, StateReader reader, StateUpdater updater, Clock clock,
                    RunObserver observer, SequencerWakeUps wakeUps, CommitPacing pacing) {
        this.observer = observer;
        this.wakeUps = wakeUps;
        this.pacing = pacing;
        this.dispatcher = dispatcher;
        this.maxAttempts = maxAttempts;
        this.reader = reader;
        this.updater = updater;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.partition = context.taskId().partition();
        this.state = new SequencerState(context, reader, clock, observer);
        this.lifecycle = new RunLifecycle(state, dispatcher, maxAttempts);
        this.runs = new RunRequests(state, lifecycle);
        this.threads = new ThreadRequests(state, lifecycle, updater);
        this.assistants = new AssistantRequests(context, state);
        this.crons = new CronRequests(context, state);
        this.store = new StoreRequests(context, clock);
        // Runs that were executing when this partition last changed hands are recovered once the stores are restored
        // and the input has been read up to the take-over (see RecoveryGate); punctuations only fire after
        // restoration, and forwarding is allowed there, unlike in init().
        this.recoveryGate = new RecoveryGate(context.currentSystemTimeMs(),
                java.util.Set.of(Topics.REQUESTS.name(), Topics.PROGRESS.name()));
        this.recovery = context.schedule(RECOVERY_CHECK, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (recoveryGate.isOpen(now)) {
                recovery.cancel();
                recoveryGate = null;
                lifecycle.recover();
                state.flush();
            }
        });
        // after_seconds: due runs are found by scanning the (changelogged) schedule store, so a restart loses none;
        // runs that found the execution pool full are offered again as soon as it has room
        context.schedule(SCHEDULE_PRECISION, PunctuationType.WALL_CLOCK_TIME, now -> {
            crons.fireDue();
            lifecycle.startDueRuns();
            lifecycle.startRunsWaitingForSlots();
            state.sendDueAcknowledgements();
            state.flush();
            reportNextWakeUp(now);
        });
        // store item ttls: expired items are already invisible, so the sweep that deletes them need not be frequent
        context.schedule(STORE_EXPIRY_SWEEP, PunctuationType.WALL_CLOCK_TIME, now -> store.expireDue());
    }

    /**
     * Tells {@link SequencerWakeUps} when this partition next needs the stream thread: at once while it has work in
     * hand, else at its earliest scheduled wake-up. The schedule is in this task's clock; the report is in the stream
     * thread's ({@code now}), which the consumer's poll uses.
     */
    private void reportNextWakeUp(long now) {
        reportedBusy = false;
        if (recoveryGate != null || lifecycle.hasRunsWaitingForSlots()
                || now - lastRecordAt < SequencerWakeUps.ACTIVE.toMillis()) {
            wakeUps.busy(partition);
            reportedBusy = true;
            return;
        }
        long due = state.nextWakeUpMillis();
        long inMillis = due == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, due - state.instant().toEpochMilli());
        wakeUps.sleepUntil(partition, inMillis == Long.MAX_VALUE ? Long.MAX_VALUE : now + inMillis);
    }

    @Override
    public void process(Record<String, Object> record) {
        lastRecordAt = context.currentSystemTimeMs();
        if (!reportedBusy) { // a record may schedule something sooner than the thread was told: look again soon
            wakeUps.busy(partition);
            reportedBusy = true;
        }
        if (recoveryGate != null) {
            var topic = context.recordMetadata().map(m -> m.topic()).orElse("");
            recoveryGate.read(topic, record.timestamp(), context.currentSystemTimeMs());
        }
        try (var ignored = RunLogContext.of(record.key(), runIdOf(record.value()))) {
            switch (record.value()) {
                case ThreadRequest.CreateRun late when abandoned(record) -> {
                    expired++;
                    if (expired == 1 || expired % 1000 == 0) { // one line per thousand: an overload is not a flood
                        log.warn("dropped run {}: its gateway stopped waiting before it was read ({} so far on"
                                + " partition {}); the backlog is older than the gateways' request timeout",
                                late.run().runId(), expired, context.taskId().partition());
                    }
                }
                case ThreadRequest request -> state.reply(handleSafely(request));
                case RunProgress progress -> applySafely(progress);
                case null -> log.warn("skipped an unreadable record at {} (key {})", context.recordMetadata()
                        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?"), record.key());
                default -> log.warn("skipped a record of unexpected type {}", record.value().getClass().getName());
            }
        }
        state.flush();
        // a decision that only changed this writer's own stores (a run created and dispatched, its acceptance held
        // back) has nobody waiting for it: it goes out with the next decision that does, e.g. the run's end a few
        // milliseconds later, in one transaction instead of two, or at the end of the interval
        if (state.takeOutputsSent() && pacing.commitNow(record.timestamp(), context.currentSystemTimeMs())) {
            context.commit(); // it did not queue: its outputs leave now rather than at the end of the interval
        }
    }

    /**
     * Whether the sender of a request has stopped waiting for its reply, or will have before the reply can reach it
     * (the decision's commit and the reply's way back take up to {@link #REPLY_MARGIN}). Such a run's creation is not
     * applied: its caller was answered 503, and the run would only take a slot and push every later answer further
     * past its deadline, until no caller gets any (a congestion collapse).
     */
    private boolean abandoned(Record<String, Object> record) {
        var deadline = dev.kgraph.model.requests.RequestDeadline.of(record.headers());
        return deadline.isPresent()
                && context.currentSystemTimeMs() > deadline.getAsLong() - REPLY_MARGIN.toMillis();
    }

    /** How long before its sender's deadline a request is treated as abandoned; see {@link #abandoned}. */
    static final Duration REPLY_MARGIN = Duration.ofSeconds(1);
    /** Run creations dropped because their sender had given up; for the log. */
    private long expired;

    /** The run a record is about, for the log context; null for thread-wide requests. */
    private static String runIdOf(Object value) {
        return switch (value) {
            case RunProgress progress -> progress.runId();
            case ThreadRequest.CreateRun r -> r.run().runId();
            case ThreadRequest.GetRun r -> r.runId();
            case ThreadRequest.JoinRun r -> r.runId();
            case ThreadRequest.CancelRun r -> r.runId();
            case ThreadRequest.DeleteRun r -> r.runId();
            case ThreadRequest.RecordWebhookDelivery r -> r.runId();
            case ThreadRequest.GetWebhookDelivery r -> r.runId();
            case null, default -> null;
        };
    }

    @Override
    public void close() {
        wakeUps.forget(partition);
        dispatcher.abandonPartition(context.taskId().partition());
        observer.partitionClosed(context.taskId().partition());
    }

    /**
     * A request that breaks a handler is answered 400 and skipped: one bad record must never stop the stream thread,
     * which would re-read it forever and leave the partition's threads unanswered.
     */
    private Reply handleSafely(ThreadRequest request) {
        try {
            return handle(request);
        } catch (RuntimeException bug) {
            log.error("request {} ({}) on thread {} failed; answered 400", request.requestId(),
                    request.getClass().getSimpleName(), request.threadId(), bug);
            return Replies.failed(request, Reply.Outcome.BAD_REQUEST, "Request could not be applied: "
                    + bug.getClass().getSimpleName() + ": " + bug.getMessage());
        }
    }

    private void applySafely(RunProgress progress) {
        try {
            apply(progress);
        } catch (RuntimeException bug) {
            log.error("progress of run {} attempt {} could not be applied; skipped", progress.runId(),
                    progress.attempt(), bug);
        }
    }

    private Reply handle(ThreadRequest request) {
        return switch (request) {
            case ThreadRequest.CreateThread r -> threads.create(r);
            case ThreadRequest.GetThread r -> threads.get(r);
            case ThreadRequest.PatchThread r -> threads.patch(r);
            case ThreadRequest.DeleteThread r -> threads.delete(r);
            case ThreadRequest.GetState r -> threads.state(r);
            case ThreadRequest.GetHistory r -> threads.history(r);
            case ThreadRequest.UpdateState r -> threads.updateState(r);
            case ThreadRequest.SearchThreads r -> threads.search(r);
            case ThreadRequest.CreateRun r -> runs.create(r);
            case ThreadRequest.GetRun r -> runs.get(r);
            case ThreadRequest.ListRuns r -> runs.list(r);
            case ThreadRequest.JoinRun r -> runs.join(r);
            case ThreadRequest.StreamRun r -> runs.stream(r);
            case ThreadRequest.WatchThread r -> threads.watch(r);
            case ThreadRequest.PruneThread r -> threads.prune(r);
            case ThreadRequest.CancelRun r -> runs.cancel(r);
            case ThreadRequest.CancelRuns r -> runs.cancelMany(r);
            case ThreadRequest.DeleteRun r -> runs.delete(r);
            case ThreadRequest.RecordWebhookDelivery r -> runs.recordWebhook(r);
            case ThreadRequest.GetWebhookDelivery r -> runs.webhook(r);
            case ThreadRequest.CopyThread r -> threads.copy(r);
            case ThreadRequest.ImportCheckpoint r -> threads.importCheckpoint(r);
            case ThreadRequest.ImportThread r -> threads.importThread(r);
            case ThreadRequest.AssistantRequest r -> assistants.handle(r);
            case ThreadRequest.CronRequest r -> crons.handle(r);
            case ThreadRequest.PutStoreItem r -> store.put(r);
            case ThreadRequest.GetStoreItem r -> store.get(r);
            case ThreadRequest.DeleteStoreItem r -> store.delete(r);
            case ThreadRequest.SearchStoreItems r -> store.search(r);
            case ThreadRequest.ListStoreNamespaces r -> store.listNamespaces(r);
        };
    }

    /**
     * Progress counts only from the dispatch the writer made last, while the run is still running. Anything else is
     * an execution that lost its run: a dead worker's last words, a zombie's, or one whose own dispatch died
     * uncommitted with its worker (the next owner dispatched the run again under the same attempt number; only the
     * dispatch id tells them apart, and the first one's checkpoints would apply the input a second time).
     */
    private void apply(RunProgress progress) {
        var entry = state.run(progress.threadId(), progress.runId());
        if (entry == null) {
            // the run is unknown here: deleted with its thread, or its creation died uncommitted with its worker
            log.info("ignored a report of run {} attempt {}: no such run", progress.runId(), progress.attempt());
            revokeSuccessorOf(progress);
            return;
        }
        boolean current = entry.attempt() == progress.attempt() && entry.status() == RunStatus.RUNNING
                && (entry.dispatchId() == null || progress.dispatchId() == null
                || entry.dispatchId().equals(progress.dispatchId()));
        if (!current) {
            if (entry.status().isFinal() && entry.attempt() == progress.attempt()
                    && Objects.equals(entry.dispatchId(), progress.dispatchId())) {
                log.debug("ignored progress of run {} attempt {}: it has ended", progress.runId(), progress.attempt());
                putMissingCheckpoints(progress);
            } else {
                log.info("ignored a report of run {} from a superseded execution (attempt {}, dispatch {}; the run is"
                        + " at attempt {}, dispatch {}, {})", progress.runId(), progress.attempt(),
                        progress.dispatchId(), entry.attempt(), entry.dispatchId(), entry.status().wire());
            }
            revokeSuccessorOf(progress);
            return;
        }
        switch (progress) {
            case RunProgress.CheckpointSaved saved -> state.checkpoints.put(
                    StoreKeys.checkpoint(saved.threadId(), saved.checkpointNs(), saved.checkpointId()),
                    reader.toBytes(saved.tuple()));
            case RunProgress.RunFinished finished -> {
                for (var saved : finished.checkpoints()) { // held back by the execution, in the order it saved them
                    state.checkpoints.put(StoreKeys.checkpoint(finished.threadId(), saved.checkpointNs(),
                            saved.checkpointId()), saved.tuple().bytes()); // as the executor encoded it
                }
                lifecycle.finish(entry, finished.outcome(), finished.checkpoints().stream()
                        .filter(saved -> saved.checkpointNs().isEmpty())
                        .map(RunProgress.SavedCheckpoint::checkpointId).collect(java.util.stream.Collectors.toSet()),
                        finished.successor(), finished.valuesSent() ? finished.dispatchId() : null);
            }
        }
    }

    /** The end of an execution that no longer counts: the successor it started (if it did) must not go on. */
    private void revokeSuccessorOf(RunProgress progress) {
        if (progress instanceof RunProgress.RunFinished finished && finished.successor() != null) {
            lifecycle.successorOfUncountedEnd(finished.threadId(), finished.successor());
        }
    }

    /**
     * A report of a run that has ended, from the execution that ended it: a replay (at-least-once processing redoes
     * what a crash cut before its commit). Recovery settles the thread from the checkpoints the store has, so the
     * report's checkpoints are put again where missing (same keys, same bytes: nothing changes when they landed).
     * They are written before the run's final entry, to the same changelog partition, by an idempotent producer,
     * which keeps a partition's records in order without gaps: a crash that kept the entry kept them too. This stays
     * as a guard (when the stores were four changelogs, a crash could keep the entry and lose the checkpoints). A run
     * rolled back or deleted has no entry and never gets here.
     */
    private void putMissingCheckpoints(RunProgress progress) {
        switch (progress) {
            case RunProgress.CheckpointSaved saved -> {
                var key = StoreKeys.checkpoint(saved.threadId(), saved.checkpointNs(), saved.checkpointId());
                if (state.checkpoints.get(key) == null) {
                    state.checkpoints.put(key, reader.toBytes(saved.tuple()));
                }
            }
            case RunProgress.RunFinished finished -> {
                for (var saved : finished.checkpoints()) {
                    var key = StoreKeys.checkpoint(finished.threadId(), saved.checkpointNs(), saved.checkpointId());
                    if (state.checkpoints.get(key) == null) {
                        log.warn("run {} of thread {}: its checkpoint {} was missing after a crash; put again from the"
                                + " replayed report of its end", finished.runId(), finished.threadId(),
                                saved.checkpointId());
                        state.checkpoints.put(key, saved.tuple().bytes());
                    }
                }
            }
        }
    }
}
