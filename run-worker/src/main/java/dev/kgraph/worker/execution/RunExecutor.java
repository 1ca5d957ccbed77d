package dev.kgraph.worker.execution;

import dev.kgraph.graph.CancellationToken;
import dev.kgraph.graph.CheckpointSaver;
import dev.kgraph.graph.CheckpointTuple;
import dev.kgraph.graph.CompiledGraph;
import dev.kgraph.graph.RunConfig;
import dev.kgraph.graph.StreamListener;
import dev.kgraph.model.events.LocalRunValues;
import dev.kgraph.model.json.RawJsonMap;
import dev.kgraph.model.logging.RunLogContext;
import dev.kgraph.model.progress.RunOutcome;
import dev.kgraph.model.progress.RunProgress;
import dev.kgraph.model.time.Timestamps;
import dev.kgraph.worker.checkpoints.CheckpointSource;
import dev.kgraph.worker.checkpoints.KafkaCheckpointSaver;
import dev.kgraph.worker.graphs.GraphRegistry;
import dev.kgraph.worker.sequencer.RunDispatcher;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes dispatched runs, each on its own virtual thread, at most {@code maxConcurrentRuns} at once: a dispatch
 * beyond that is refused, and the run waits {@code pending} in Kafka (its thread's queue) rather than in this
 * process. {@link #tryDispatch} returns at once: the caller is the sequencer's stream thread. An execution reports
 * its end through {@code kgraph.progress} unless it was abandoned because its partition moved to another worker.
 *
 * <p>A retried attempt (the previous one died with its worker) continues from the thread's latest checkpoint when
 * that checkpoint is the run's own ({@link CompiledGraph#continueAfterCrash}); otherwise (nothing durable yet, e.g.
 * {@code durability=exit}) it starts again from its input.
 */
public final class RunExecutor implements RunDispatcher, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

    private final GraphRegistry graphs;
    private final ProgressPublisher progress;
    private final CheckpointSource checkpoints;
    private final Clock clock;
    private final int maxConcurrentRuns;
    private final java.util.function.BooleanSupplier workerStopping;
    private final Semaphore slots;
    /**
     * Runs refused a slot and still waiting in their threads' queues, by run id: a UUID v7, so in the order they were
     * created. A freed slot goes to these, oldest first, before any run created later (a burst's new arrivals would
     * otherwise take every slot that frees while the burst is still arriving, and the runs that had been waiting
     * longest would start only once the burst was in). The runs stay in Kafka; this is only their order. Guarded by
     * {@code this}.
     */
    private final java.util.TreeMap<String, Waiter> waiting = new java.util.TreeMap<>();
    /** When a slot last became free while the pool was full ({@link System#nanoTime()}). */
    private volatile long slotFreedAt = System.nanoTime();
    /** Only for logging the edges of saturation; written by stream threads, races only cost a log line. */
    private volatile boolean saturated;
    private final java.time.Duration runTimeout;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    /**
     * Run timeouts, and the sends of checkpoints held back by executions that take longer than the hold-back. A
     * cancelled timer leaves the queue at once: by default it would stay until its delay elapsed, and every run's
     * timeout (an hour by default) is cancelled when the run ends, so the queue held one task per run of the last
     * hour (10,000 after a burst of 10,000 runs) and every new timer paid for that queue's size.
     */
    private final java.util.concurrent.ScheduledThreadPoolExecutor timeouts = timers();
    /** The threads' last final values, encoded: a chat's next answer is encoded as what its run appended. */
    private final FinalValuesEncoder finalValues = new FinalValuesEncoder(256, 32L << 20);
    /**
     * Busy threads' latest checkpoints, decoded: a chat's next run starts without decoding its whole conversation.
     * 256 threads or 32 MB of checkpoints as stored (a few times that on the heap) at most.
     */
    private final dev.kgraph.worker.checkpoints.LatestCheckpoints latestCheckpoints =
            new dev.kgraph.worker.checkpoints.LatestCheckpoints(256, 32L << 20);
    private volatile java.time.Duration checkpointHoldBack = DEFAULT_CHECKPOINT_HOLD_BACK;
    /** See {@link #withCheckpointHoldBack}. */
    public static final java.time.Duration DEFAULT_CHECKPOINT_HOLD_BACK = java.time.Duration.ofMillis(50);
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    /**
     * Runs offered to start after a thread's executing run ({@link #offerSuccessor}), by thread, in the order they
     * follow each other; guarded by {@code this}.
     */
    private final Map<String, java.util.ArrayDeque<Dispatch>> successors = new java.util.HashMap<>();
    private dev.kgraph.graph.store.BaseStore store;
    private volatile ExecutionListener listener = ExecutionListener.NONE;
    /** Null when stream events are not published (tests that do not stream). */
    private volatile StreamPublisher streams;
    private volatile LocalRunValues localWaiters = LocalRunValues.NONE;

    /**
     * @param workerStopping true once the worker's sequencer is shutting down: executions that end then are not
     *     reported (they may have failed only because the local stores closed under them) and are recovered by the
     *     partition's next owner
     */
    public RunExecutor(GraphRegistry graphs, ProgressPublisher progress, CheckpointSource checkpoints, Clock clock,
                       int maxConcurrentRuns, java.time.Duration runTimeout,
                       java.util.function.BooleanSupplier workerStopping) {
        this.workerStopping = workerStopping;
        this.graphs = graphs;
        this.progress = progress;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.maxConcurrentRuns = maxConcurrentRuns;
        this.slots = new Semaphore(maxConcurrentRuns);
        this.runTimeout = runTimeout;
    }

    /** The outcome with its final values encoded once ({@link FinalValuesEncoder}), as the end report carries them. */
    private RunOutcome withEncodedValues(RunDispatcher.Dispatch dispatch, RunOutcome outcome) {
        var values = finalValues.encode(dispatch.run().threadId(), outcome.values());
        return values == outcome.values() ? outcome : outcome.withValues(values);
    }

    private static java.util.concurrent.ScheduledThreadPoolExecutor timers() {
        var timers = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("run-timers").factory());
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    /** Timers waiting to fire: run timeouts and held-back checkpoint sends of executions in progress. */
    int pendingTimers() {
        return timeouts.getQueue().size();
    }

    /** Told of every execution that ended (metrics); set before runs are dispatched. */
    public void setListener(ExecutionListener listener) {
        this.listener = listener;
    }

    /** The store every run's nodes reach through {@code NodeContext.store()} (LangGraph's long-term memory). */
    public RunExecutor withStore(dev.kgraph.graph.store.BaseStore store) {
        this.store = store;
        return this;
    }

    /**
     * How long an execution under {@code durability=async} or {@code exit} holds its checkpoints back before sending
     * them; one that ends sooner sends them with its end, in one record ({@link KafkaCheckpointSaver}).
     */
    public RunExecutor withCheckpointHoldBack(java.time.Duration holdBack) {
        this.checkpointHoldBack = holdBack;
        return this;
    }

    /**
     * Callers in this process that may wait for a run (the standalone server's gateway): a long thread's final values
     * are handed to them rather than sent through Kafka ({@link LocalRunValues}).
     */
    public RunExecutor withLocalWaiters(LocalRunValues local) {
        this.localWaiters = local;
        return this;
    }

    /** Publishes the events of streamed runs ({@code kwargs.streamed} or {@code stream_resumable}) to Kafka. */
    public RunExecutor withStreams(StreamPublisher publisher) {
        this.streams = publisher;
        return this;
    }

    /**
     * Takes a slot for the run unless the pool is full or the free slots are all owed to runs created before it that
     * are waiting for one: a refused run is remembered as waiting, and its writer offers it again when a slot frees
     * ({@link #hasCapacity()}). A waiter its writer stopped offering (cancelled while pending, its partition moved)
     * is forgotten once slots have been free for {@link #STALE_WAITER} without it being offered.
     */
    @Override
    public boolean tryDispatch(Dispatch dispatch) {
        var runId = dispatch.run().runId();
        synchronized (this) {
            long now = System.nanoTime();
            forgetStaleWaiters(now);
            if (owedToOlderWaiters(runId) || !slots.tryAcquire()) {
                waiting.put(runId, new Waiter(now, dispatch.partition()));
                if (!saturated && slots.availablePermits() == 0) {
                    saturated = true;
                    log.info("worker saturated: {} runs executing; further runs wait pending in their threads' queues",
                            maxConcurrentRuns);
                }
                return false;
            }
            waiting.remove(runId);
        }
        if (saturated) {
            saturated = false;
            log.info("worker has free slots again");
        }
        var execution = new Execution(withOwnKwargs(dispatch), CancellationToken.create());
        var previous = executions.put(dispatch.run().runId(), execution);
        if (previous != null) {
            previous.abandon(); // an older attempt of the same run: it must not report any more
        }
        threads.execute(() -> run(execution));
        return true;
    }

    @Override
    public boolean hasCapacity() {
        return slots.availablePermits() > 0;
    }

    /**
     * Taken when {@code afterRunId}'s execution (that dispatch) is still executing here, or is itself an offered
     * successor still waiting at the end of its thread's chain.
     */
    @Override
    public synchronized boolean offerSuccessor(String afterRunId, String afterDispatchId, Dispatch successor) {
        var threadId = successor.run().threadId();
        var chain = successors.get(threadId);
        boolean follows;
        if (chain != null && !chain.isEmpty()) {
            follows = chain.peekLast().dispatchId().equals(afterDispatchId);
        } else {
            var executing = executions.get(afterRunId);
            follows = executing != null && !executing.abandoned()
                    && afterDispatchId.equals(executing.dispatch().dispatchId())
                    && executing.dispatch().run().threadId().equals(threadId);
        }
        if (follows) {
            successors.computeIfAbsent(threadId, id -> new java.util.ArrayDeque<>()).addLast(successor);
        }
        return follows;
    }

    @Override
    public void revokeSuccessors(String threadId, java.util.Set<String> dispatchIds) {
        synchronized (this) {
            var chain = successors.get(threadId);
            if (chain != null) {
                chain.removeIf(offered -> dispatchIds.contains(offered.dispatchId()));
                if (chain.isEmpty()) {
                    successors.remove(threadId);
                }
            }
        }
        executions.values().stream().filter(e -> dispatchIds.contains(e.dispatch().dispatchId())).forEach(e -> {
            log.debug("run {} (dispatch {}) revoked by its writer", e.dispatch().run().runId(),
                    e.dispatch().dispatchId());
            e.abandon();
        });
    }

    /**
     * The successor offered for the thread of {@code ended}, which ended with {@code outcome}, made an execution with
     * a slot of its own: when the run ended {@code success} with nothing left to do, left a state to continue, and a
     * slot is free for the successor (not owed to runs of other threads waiting longer). Otherwise none, and the
     * thread's other offers are dropped: the writer, reading that no successor started, revokes them all.
     */
    private synchronized Execution takeSuccessor(Execution ended, RunOutcome outcome, KafkaCheckpointSaver saver) {
        var threadId = ended.dispatch().run().threadId();
        var chain = successors.get(threadId);
        if (chain == null) {
            return null;
        }
        boolean goesOn = outcome.status() == dev.kgraph.model.runs.RunStatus.SUCCESS && !outcome.hasNext()
                && outcome.values() != null && !ended.abandoned() && !ended.timedOut() && saver != null;
        var next = chain.peekFirst();
        var continuation = goesOn ? saver.continuation() : Optional.<KafkaCheckpointSaver.Continuation>empty();
        if (continuation.isEmpty() || owedToOlderWaiters(next.run().runId()) || !slots.tryAcquire()) {
            successors.remove(threadId);
            return null;
        }
        chain.pollFirst();
        if (chain.isEmpty()) {
            successors.remove(threadId);
        }
        var execution = new Execution(withOwnKwargs(next), CancellationToken.create());
        execution.continuing = continuation.get();
        var previous = executions.put(next.run().runId(), execution);
        if (previous != null) {
            previous.abandon();
        }
        return execution;
    }

    /** An execution that ends unreported takes its thread's offered successors with it (the writer revokes them). */
    private synchronized void dropSuccessors(Execution ended) {
        successors.remove(ended.dispatch().run().threadId());
    }

    /** How long free slots wait for a waiting run's writer to offer it again before that waiter is forgotten. */
    static final java.time.Duration STALE_WAITER = java.time.Duration.ofMillis(200);

    /** A run refused a slot: when it was last offered, and its partition (dropped when the partition moves). */
    private record Waiter(long offeredAt, int partition) {
    }

    /**
     * Runs created within this long of each other count as simultaneous: the partitions offer their waiting runs one
     * after the other, so a strict order would leave a slot free until the partition of the very oldest run came
     * round again, while an arrival order finer than this means nothing to the callers.
     */
    static final long ORDER_TOLERANCE_MS = 100;

    /**
     * True when at least as many runs created more than {@link #ORDER_TOLERANCE_MS} before {@code runId} wait as there
     * are free slots.
     */
    private boolean owedToOlderWaiters(String runId) {
        int free = slots.availablePermits();
        if (free == 0 || waiting.isEmpty()) {
            return false;
        }
        var cutoff = olderThan(runId);
        int older = 0;
        for (var waiter : waiting.keySet()) { // ascending: stops after at most `free` older waiters
            if (older >= free || waiter.compareTo(cutoff) >= 0) {
                break;
            }
            older++;
        }
        return older >= free;
    }

    /**
     * The smallest run id created {@link #ORDER_TOLERANCE_MS} before {@code runId}, for a UUID v7 (its first 48 bits
     * are its creation's Unix milliseconds; ids sort as their strings); any other id is its own bound.
     */
    static String olderThan(String runId) {
        try {
            long millis = java.util.UUID.fromString(runId).getMostSignificantBits() >>> 16;
            if (java.util.UUID.fromString(runId).version() != 7 || millis < ORDER_TOLERANCE_MS) {
                return runId;
            }
            return new java.util.UUID(((millis - ORDER_TOLERANCE_MS) << 16) | 0x7000L, 0L).toString();
        } catch (IllegalArgumentException notAUuid) {
            return runId;
        }
    }

    /** Forgets the oldest waiters while slots have been free for a while and their writers did not offer them. */
    private void forgetStaleWaiters(long now) {
        long freedAt = slotFreedAt;
        if (slots.availablePermits() == 0 || now - freedAt < STALE_WAITER.toNanos()) {
            return;
        }
        while (!waiting.isEmpty() && waiting.firstEntry().getValue().offeredAt() - freedAt < 0) {
            waiting.pollFirstEntry();
        }
    }

    /** Returns an execution's slot; the first slot freed in a full pool starts the waiters' grace period. */
    private void releaseSlot() {
        boolean wasFull = slots.availablePermits() == 0;
        slots.release();
        if (wasFull) {
            slotFreedAt = System.nanoTime();
        }
    }

    /** Runs waiting for a slot here, oldest first (tests and metrics). */
    synchronized int waitingForSlot() {
        return waiting.size();
    }

    @Override
    public void cancel(String runId, String action) {
        var execution = executions.get(runId);
        if (execution != null) {
            execution.token().cancel();
        }
    }

    @Override
    public void abandonPartition(int partition) {
        synchronized (this) {
            waiting.values().removeIf(waiter -> waiter.partition() == partition); // offered by the new owner now
            successors.values().removeIf(chain -> chain.peekFirst().partition() == partition);
        }
        executions.values().stream().filter(e -> e.dispatch().partition() == partition).forEach(Execution::abandon);
    }

    /** Executions currently running (each holds a slot). */
    public int inFlight() {
        return executions.size();
    }

    /**
     * Executions currently running that repeat a run whose earlier attempt was cut (its worker died, or its thread
     * moved to another worker): work redone after a failure, part of {@link #inFlight()}.
     */
    public int retriesInFlight() {
        return (int) executions.values().stream().filter(e -> e.dispatch().attempt() > 1).count();
    }

    /**
     * Runs on the execution's virtual thread; the slot was taken by {@link #tryDispatch}. Every line logged meanwhile
     * on this thread (the graph's included) carries the run's {@code run_id} and {@code thread_id}.
     */
    private void run(Execution execution) {
        var run = execution.dispatch().run();
        try (var ignored = RunLogContext.of(run.threadId(), run.runId())) {
            runInContext(execution);
        }
    }

    private void runInContext(Execution execution) {
        var dispatch = execution.dispatch();
        log.debug("run started: graph {}, attempt {}", dispatch.graphId(), dispatch.attempt());
        RunOutcome outcome;
        var timer = timeouts.schedule(execution::timeOut, runTimeout.toMillis(), TimeUnit.MILLISECONDS);
        long startedNanos = System.nanoTime();
        try {
            var stream = streamOf(dispatch, false);
            if (stream != null) {
                execution.stream.set(stream);
            }
            outcome = execute(execution, execution);
            if (execution.timedOut()) {
                outcome = Outcomes.timedOut(outcome, runTimeout);
            }
        } finally {
            timer.cancel(false);
            releaseSlot();
            executions.remove(dispatch.run().runId(), execution);
        }
        var saver = execution.saver;
        if (workerStopping.getAsBoolean()) {
            // its stores are closing: what went wrong may be that, not the run; the next owner recovers it
            log.info("run {} attempt {} not reported: the worker is stopping", dispatch.run().runId(),
                    dispatch.attempt());
            dropSuccessors(execution);
            if (saver != null) {
                saver.discard();
            }
        } else if (execution.abandoned()) {
            dropSuccessors(execution);
            if (saver != null) {
                saver.discard();
            }
        } else {
            var stream = execution.stream.get();
            if (stream != null) {
                stream.finish(outcome); // the run's events are in Kafka before its end is reported
            }
            log.debug("run ended: {}, attempt {}", outcome.status().wire(), dispatch.attempt());
            // only an execution whose end is reported counts: an abandoned one (its partition moved) or one cut by
            // the worker's stop is done again elsewhere, and would count the run twice
            try {
                listener.ended(dispatch.graphId(), outcome.status(), System.nanoTime() - startedNanos);
            } catch (RuntimeException bug) {
                log.warn("execution listener failed", bug);
            }
            var finalOutcome = dispatch.temporary() ? outcome : withEncodedValues(dispatch, outcome);
            var successor = takeSuccessor(execution, finalOutcome, saver);
            var successorId = successor == null ? null : successor.dispatch().dispatchId();
            boolean valuesSent = saver != null && sendValues(dispatch, finalOutcome);
            var reportedOutcome = valuesSent ? finalOutcome.withValues(null) : finalOutcome;
            java.util.function.Function<List<RunProgress.SavedCheckpoint>, RunProgress.RunFinished> end =
                    checkpointsHeldBack -> new RunProgress.RunFinished(dispatch.run().threadId(),
                            dispatch.run().runId(), dispatch.attempt(), dispatch.dispatchId(), reportedOutcome,
                            checkpointsHeldBack, successorId, valuesSent);
            var reported = saver != null ? saver.finish(end) : progress.send(end.apply(List.of()));
            if (successor != null) {
                // after the end report went to the producer: the successor's records follow it on the topic
                successor.reportAfter = saver.endHandedOver();
                threads.execute(() -> run(successor));
            }
            reported.exceptionally(error -> {
                if (ProgressPublisher.tooLarge(error)) {
                    // not from this thread, the producer's: a send here may wait for buffer space only it frees
                    threads.execute(() -> reportTooLarge(dispatch, finalOutcome, error));
                } else {
                    unreported(dispatch, error);
                }
                return null;
            });
        }
    }

    /**
     * Sends the final values of a run that answers with them straight to the gateways ({@code RunValues}), before its
     * end report, when they are large enough to ride in a header: a long chat's values are its whole conversation,
     * which otherwise crossed Kafka twice (end report, then the writer's completion). Not for a run whose webhook the
     * writer builds from its values, nor for a temporary (stateless) run, whose thread has no checkpoint to hold
     * them. A caller waiting in this process gets them handed over instead ({@link #withLocalWaiters}). Returns
     * whether they left: the end report then goes without them.
     */
    private boolean sendValues(RunDispatcher.Dispatch dispatch, RunOutcome outcome) {
        var run = dispatch.run();
        boolean answersWithValues = outcome.status() == dev.kgraph.model.runs.RunStatus.SUCCESS
                && outcome.result() == null && !outcome.hasNext();
        if (!answersWithValues || dispatch.temporary()
                || !(outcome.values() instanceof RawJsonMap raw && raw.undecodedJson() instanceof byte[] json
                && json.length >= dev.kgraph.model.json.RawJsonHeaders.MIN_BYTES)
                || dev.kgraph.model.webhooks.WebhookRequest.urlOf(run.kwargs()) != null) {
            return false;
        }
        var values = new dev.kgraph.model.events.RunEvent.RunValues(run.threadId(), run.runId(),
                dispatch.dispatchId(), outcome.values());
        return localWaiters.handOver(values) || progress.sendValues(values);
    }

    /**
     * Ends a run whose end report Kafka refused as too large with {@code StateTooLargeError}, without its state:
     * resumed, it would fail again, and its thread would wait for it for ever.
     */
    private void reportTooLarge(RunDispatcher.Dispatch dispatch, RunOutcome tooLarge, Throwable refusal) {
        try (var ignored = RunLogContext.of(dispatch.run().threadId(), dispatch.run().runId())) {
            log.error("the end of run {} is too large for Kafka; the run ends with an error", dispatch.run().runId(),
                    refusal);
        }
        var failed = new RunProgress.RunFinished(dispatch.run().threadId(), dispatch.run().runId(), dispatch.attempt(),
                dispatch.dispatchId(), Outcomes.stateTooLarge(tooLarge));
        progress.send(failed).exceptionally(again -> {
            unreported(dispatch, again);
            return null;
        });
    }

    /** Logs an end report that did not reach Kafka, in the run's log context (callers run on the producer's thread). */
    private static void unreported(RunDispatcher.Dispatch dispatch, Throwable error) {
        try (var ignored = RunLogContext.of(dispatch.run().threadId(), dispatch.run().runId())) {
            log.error("could not report the end of run {}; it will be resumed by recovery", dispatch.run().runId(),
                    error);
        }
    }

    /**
     * A live join of a run that was not streamed: its execution publishes from now on, beginning with
     * {@code metadata}. Called by the sequencer's thread; returns at once.
     */
    @Override
    public void startStreaming(String runId) {
        var execution = executions.get(runId);
        if (execution != null && execution.stream.get() == null) {
            var stream = streamOf(execution.dispatch(), true);
            if (stream != null && !execution.stream.compareAndSet(null, stream)) {
                log.debug("run {} started streaming twice; kept the first", runId);
            }
        }
    }

    /**
     * The dispatch with kwargs of the execution's own: the writer keeps the run it dispatched, and its kwargs, still
     * undecoded bytes, are written as those bytes as long as nobody decodes them (see {@link RawJsonMap}).
     */
    private static Dispatch withOwnKwargs(Dispatch dispatch) {
        var run = dispatch.run();
        var kwargs = RawJsonMap.unshared(run.kwargs());
        return kwargs == run.kwargs() ? dispatch : dispatch.withRun(run.withKwargs(kwargs));
    }

    /** The stream writer of a streamed run (its {@code metadata} event sent), or null. */
    private RunStreamWriter streamOf(Dispatch dispatch, boolean joined) {
        var run = dispatch.run();
        var stream = RunStreamWriter.forRun(run, dispatch.attempt(), streams,
                RunInputs.config(run, dispatch.graphId(), dispatch.attempt(), false).metadata(), clock, joined);
        if (stream != null) {
            stream.start();
        }
        return stream;
    }

    private RunOutcome execute(Execution execution, StreamListener listener) {
        var dispatch = execution.dispatch();
        var token = execution.token();
        var run = dispatch.run();
        var startedAt = Timestamps.format(clock.instant());
        var graph = graphs.find(dispatch.graphId());
        if (graph.isEmpty()) {
            return Outcomes.failed("GraphNotFound", "No graph '" + dispatch.graphId() + "' is registered on this worker",
                    Map.of(), Map.of(), startedAt, Timestamps.format(clock.instant()));
        }
        try {
            var config = RunInputs.config(run, dispatch.graphId(), dispatch.attempt(), !dispatch.temporary());
            var saver = dispatch.temporary() ? null : new KafkaCheckpointSaver(run.runId(), dispatch.attempt(),
                    dispatch.dispatchId(), progress, checkpoints, dispatch.partition(),
                    config.durability() == dev.kgraph.graph.Durability.SYNC, checkpointHoldBack, timeouts)
                    .withLatestCheckpoints(latestCheckpoints);
            if (saver != null && dispatch.newThread()) {
                saver.withNothingStored();
            }
            if (saver != null && execution.continuing != null) {
                saver.continuing(execution.continuing).reportingAfter(execution.reportAfter);
            }
            execution.saver = saver;
            var own = ownLatestCheckpoint(dispatch, config, saver);
            if (own.isPresent()) {
                // executed before: metadata.run_attempt counts executions, whichever dispatch the writer kept
                int executions = own.get().metadata().extra().get("run_attempt") instanceof Number n ? n.intValue() : 0;
                config = RunInputs.config(run, dispatch.graphId(), Math.max(dispatch.attempt(), executions + 1), true);
            }
            config = config.toBuilder().store(store).build(); // the nodes' store (long-term memory)
            var result = own.isPresent()
                    ? graph.get().continueAfterCrash(config, saver, listener, token)
                    : graph.get().invoke(RunInputs.input(run.kwargs()), config, saver, listener, token);
            return Outcomes.of(result, startedAt, Timestamps.format(clock.instant()));
        } catch (RuntimeException unexpected) {
            log.warn("run {} failed outside the graph", run.runId(), unexpected);
            return Outcomes.failed(unexpected.getClass().getSimpleName(), String.valueOf(unexpected.getMessage()),
                    Map.of(), Map.of(), startedAt, Timestamps.format(clock.instant()));
        }
    }

    /**
     * The thread's latest checkpoint when it is this run's own: the run executed before and stored it, so it continues
     * from there instead of applying its input again. That is a retried attempt (its worker died), and also a first
     * attempt whose dispatch was undone by a crash after its execution had stored a checkpoint (at-least-once: the
     * checkpoint's store write outlived the dispatch's; the replayed decision dispatches the same attempt again).
     * A stateless run, or one with nothing durable, starts from the input.
     */
    private static Optional<CheckpointTuple> ownLatestCheckpoint(Dispatch dispatch, RunConfig config,
                                                                CheckpointSaver saver) {
        if (saver == null) {
            return Optional.empty();
        }
        return saver.get(config.threadId(), config.checkpointNs(), null)
                .filter(latest -> dispatch.run().runId().equals(latest.metadata().extra().get("run_id")));
    }

    @Override
    public void close() throws InterruptedException {
        executions.values().forEach(Execution::abandon);
        timeouts.shutdownNow();
        threads.shutdownNow();
        threads.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** One attempt of one run on this worker; its stream listener, active only while someone streams it. */
    private static final class Execution implements StreamListener {
        private final Dispatch dispatch;
        private final CancellationToken token;
        /** Null until someone streams the run: the runtime then builds no events (one volatile read each). */
        final java.util.concurrent.atomic.AtomicReference<RunStreamWriter> stream =
                new java.util.concurrent.atomic.AtomicReference<>();
        private volatile boolean abandoned;
        private volatile boolean timedOut;
        /** The execution's checkpoint saver, once made (none for a stateless run). */
        volatile KafkaCheckpointSaver saver;
        /** A successor's: the final state of the run it continues, and that run's end report (see takeSuccessor). */
        volatile KafkaCheckpointSaver.Continuation continuing;
        volatile java.util.concurrent.CompletableFuture<Void> reportAfter;

        Execution(Dispatch dispatch, CancellationToken token) {
            this.dispatch = dispatch;
            this.token = token;
        }

        Dispatch dispatch() {
            return dispatch;
        }

        CancellationToken token() {
            return token;
        }

        @Override
        public boolean active() {
            return stream.get() != null;
        }

        @Override
        public void onEvent(dev.kgraph.graph.StreamEvent event) {
            var writer = stream.get();
            if (writer != null) {
                writer.onEvent(event);
            }
        }

        boolean abandoned() {
            return abandoned;
        }

        boolean timedOut() {
            return timedOut;
        }

        void timeOut() {
            timedOut = true;
            token.cancel();
        }

        void abandon() {
            abandoned = true;
            token.cancel();
        }
    }
}
