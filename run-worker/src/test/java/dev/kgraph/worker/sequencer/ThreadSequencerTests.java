package dev.kgraph.worker.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.graph.CheckpointJson;
import dev.kgraph.graph.InMemoryCheckpointSaver;
import dev.kgraph.graph.ListOptions;
import dev.kgraph.graph.RunConfig;
import dev.kgraph.graph.examples.ExampleGraphs;
import dev.kgraph.model.events.RunEvent;
import dev.kgraph.model.json.Json;
import dev.kgraph.model.progress.RunOutcome;
import dev.kgraph.model.progress.RunProgress;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.runs.RunSpec;
import dev.kgraph.model.runs.RunStatus;
import dev.kgraph.model.stream.StreamRecords;
import dev.kgraph.model.topics.Topics;
import dev.kgraph.worker.checkpoints.CheckpointStateReader;
import dev.kgraph.worker.checkpoints.GraphStateUpdater;
import dev.kgraph.worker.graphs.GraphProvider;
import dev.kgraph.worker.graphs.GraphRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single writer's decisions, driven through its real topology with TopologyTestDriver and a movable clock. */
class ThreadSequencerTests {
    private static final String THREAD = "00000000-0000-0000-0000-000000000001";
    private static final String OTHER_THREAD = "00000000-0000-0000-0000-000000000002";

    @TempDir
    Path stateDir;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<RunDispatcher.Dispatch> dispatched = new ArrayList<>();
    private final List<String> cancelled = new ArrayList<>();
    private final List<String> streamingStarted = new ArrayList<>();
    private final SequencerWakeUps wakeUps = new SequencerWakeUps();
    private TopologyTestDriver driver;
    private TestInputTopic<String, ThreadRequest> requests;
    private TestInputTopic<String, RunProgress> progress;
    private TestOutputTopic<String, Reply> replies;
    private TestOutputTopic<String, RunEvent> events;
    private TestOutputTopic<String, byte[]> stream;
    /** How state updates are applied: broken unless a test says otherwise. */
    private StateUpdater stateUpdater = (graph, thread, base, values, asNode, metadata) -> {
        throw new UnsupportedOperationException("a bug in a state update");
    };
    private int requestCount;
    /** Free execution slots of the fake pool: a dispatch takes one, a finished run gives it back. */
    private int freeSlots = 100;
    /** Runs the fake pool refuses even with a slot free (it owes the slot to an older run of another partition). */
    private final java.util.Set<String> owedElsewhere = new java.util.HashSet<>();
    /** Whether the fake pool takes successors offered to follow a running run (a real pool does while it runs). */
    private boolean takesSuccessors;
    /** Successors offered and taken, in order, each as "after-run-id>run-id". */
    private final List<String> offers = new ArrayList<>();
    private final List<RunDispatcher.Dispatch> offered = new ArrayList<>();
    /** Dispatch ids revoked, in the order revoked. */
    private final List<String> revoked = new ArrayList<>();

    @BeforeEach
    void startTopology() {
        var dispatcher = new RunDispatcher() {
            @Override
            public boolean tryDispatch(Dispatch dispatch) {
                if (freeSlots == 0 || owedElsewhere.contains(dispatch.run().runId())) {
                    return false;
                }
                freeSlots--;
                dispatched.add(dispatch);
                return true;
            }

            @Override
            public boolean hasCapacity() {
                return freeSlots > 0;
            }

            @Override
            public void cancel(String runId, String action) {
                cancelled.add(runId + ":" + action);
            }

            @Override
            public void abandonPartition(int partition) {
            }

            @Override
            public void startStreaming(String runId) {
                streamingStarted.add(runId);
            }

            @Override
            public boolean offerSuccessor(String afterRunId, String afterDispatchId, Dispatch successor) {
                if (takesSuccessors) {
                    offers.add(afterRunId + ">" + successor.run().runId());
                    offered.add(successor);
                }
                return takesSuccessors;
            }

            @Override
            public void revokeSuccessors(String threadId, java.util.Set<String> dispatchIds) {
                revoked.addAll(new java.util.TreeSet<>(dispatchIds));
            }
        };
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sequencer-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(SequencerTopology.build(dispatcher, 3, new CheckpointStateReader(),
                (graph, thread, base, values, asNode, metadata) ->
                        stateUpdater.update(graph, thread, base, values, asNode, metadata), clock, RunObserver.NONE,
                wakeUps), props,
                clock.instant());
        requests = driver.createInputTopic(Topics.REQUESTS.name(), Topics.REQUESTS.keySerde().serializer(),
                Topics.REQUESTS.valueSerde().serializer());
        progress = driver.createInputTopic(Topics.PROGRESS.name(), Topics.PROGRESS.keySerde().serializer(),
                Topics.PROGRESS.valueSerde().serializer());
        replies = driver.createOutputTopic(Topics.REPLIES.name(), Topics.REPLIES.keySerde().deserializer(),
                Topics.REPLIES.valueSerde().deserializer());
        events = driver.createOutputTopic(Topics.EVENTS.name(), Topics.EVENTS.keySerde().deserializer(),
                Topics.EVENTS.valueSerde().deserializer());
        stream = driver.createOutputTopic(Topics.STREAM.name(), Topics.STREAM.keySerde().deserializer(),
                Topics.STREAM.valueSerde().deserializer());
        driver.advanceWallClockTime(Duration.ofMillis(5)); // lets the start-up recovery punctuation run
    }

    @AfterEach
    void closeTopology() {
        driver.close();
    }

    @Test
    void underRejectASecondRunIsRefusedWhileTheFirstIsInFlight() {
        // when
        var first = createRun("run-a", "reject", 0);
        var second = createRun("run-b", "reject", 0);

        // then
        assertThat(first.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(second.outcome()).isEqualTo(Reply.Outcome.CONFLICT);
        assertThat(second.detail()).contains("already running a task");
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a");
    }

    @Test
    void aRunWhoseGatewayHasStoppedWaitingIsNotCreated() {
        // given: two creations read now, one whose gateway gave up (answered 503) before it was read
        long now = clock.instant().toEpochMilli();
        requests.pipeInput(createWithDeadline("run-late", now - 5_000));
        requests.pipeInput(createWithDeadline("run-on-time", now + 30_000));

        // then: only the run someone waits for is created, started and answered
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-on-time");
        assertThat(replies.readValuesToList()).hasSize(1);
        assertThat(ask(new ThreadRequest.GetRun(nextId(), THREAD, "gw", "run-late")).outcome())
                .isEqualTo(Reply.Outcome.NOT_FOUND);
        // a request without a deadline (an older gateway, a worker's own) never expires
        createRun("run-no-deadline", "enqueue", 0);
        assertThat(ask(new ThreadRequest.GetRun(nextId(), THREAD, "gw", "run-no-deadline")).outcome())
                .isEqualTo(Reply.Outcome.OK);
    }

    private org.apache.kafka.streams.test.TestRecord<String, ThreadRequest> createWithDeadline(String runId,
                                                                                                long deadline) {
        var spec = new RunSpec(runId, "assistant", "echo", clock.instant().toString(), Map.of(),
                Map.of("input", Map.of()), "enqueue", "create", 0, false, Map.of("graph_id", "echo"));
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        dev.kgraph.model.requests.RequestDeadline.stamp(headers, deadline);
        return new org.apache.kafka.streams.test.TestRecord<>(THREAD,
                new ThreadRequest.CreateRun(nextId(), THREAD, "gw", spec), headers);
    }

    @Test
    void joiningTheStreamOfARunNobodyStreamedTurnsItsStreamingOn() {
        // given: run-a executes, run-b waits behind it
        createRun("run-a", "enqueue", 0);
        createRun("run-b", "enqueue", 0);

        // when
        var running = ask(new ThreadRequest.StreamRun(nextId(), THREAD, "gw", "run-a"));
        var pending = ask(new ThreadRequest.StreamRun(nextId(), THREAD, "gw", "run-b"));
        finish("run-a", 1);
        var finished = ask(new ThreadRequest.StreamRun(nextId(), THREAD, "gw", "run-a"));

        // then: the execution is told, the queued run will stream when dispatched, a finished run is left alone
        assertThat(streamingStarted).containsExactly("run-a");
        assertThat(kwargs(running)).containsEntry("streamed", true);
        assertThat(kwargs(pending)).containsEntry("streamed", true);
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a", "run-b");
        assertThat(dispatched.get(1).run().kwargs()).containsEntry("streamed", true);
        assertThat(finished.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(streamingStarted).containsExactly("run-a");
        assertThat(ask(new ThreadRequest.StreamRun(nextId(), THREAD, "gw", "unknown")).outcome())
                .isEqualTo(Reply.Outcome.NOT_FOUND);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kwargs(Reply reply) {
        var run = dev.kgraph.model.json.Json.plain(reply.body());
        return (Map<String, Object>) ((Map<String, Object>) run).get("kwargs");
    }

    @Test
    void enqueuedRunsStartOneAfterAnotherInArrivalOrder() {
        createRun("run-a", "enqueue", 0);
        createRun("run-b", "enqueue", 0);
        createRun("run-c", "enqueue", 0);
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a");

        finish("run-a", 1);
        finish("run-b", 1);

        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a", "run-b", "run-c");
        assertThat(completedRunIds()).containsExactly("run-a", "run-b");
    }

    @Test
    void aRunAnsweredWithItsValuesIsStoredWithoutThemAndAJoinReadsThemFromTheCheckpointItEndedAt() {
        var saver = new InMemoryCheckpointSaver();
        createRun("run-a", "enqueue", 0);
        createRun("run-b", "enqueue", 0);
        createRun("run-c", "enqueue", 0);
        var first = chat(saver, "one");
        finishWithValues("run-a", RunStatus.SUCCESS, first.values(), first.checkpoints());
        var second = chat(saver, "two");
        finishWithValues("run-b", RunStatus.SUCCESS, second.values(), second.checkpoints());

        // each waiter got its own run's values
        var completed = events.readValuesToList().stream().map(e -> (RunEvent.RunCompleted) e).toList();
        assertThat(completed).extracting(RunEvent.RunCompleted::result)
                .containsExactly(first.values(), second.values());
        // the runs keep no copy of the thread's values (a long chat's whole conversation, once per run)
        var runs = SequencerStores.runs(threadState());
        var storedA = runs.get(StoreKeys.run(THREAD, "run-a"));
        assertThat(storedA.result()).isNull();
        assertThat(storedA.resultCheckpoint()).isEqualTo(first.checkpoints().getLast().checkpointId());
        // a join of a finished run answers with the state it ended at, read from that checkpoint
        assertThat(ask(new ThreadRequest.JoinRun(nextId(), THREAD, "gw", "run-a")).body())
                .isEqualTo(first.values());
        assertThat(ask(new ThreadRequest.JoinRun(nextId(), THREAD, "gw", "run-b")).body())
                .isEqualTo(second.values());
        // once that checkpoint is gone (pruned), with the thread's values, as LangGraph Platform answers any
        SequencerStores.checkpoints(threadState())
                .delete(StoreKeys.checkpoint(THREAD, "", storedA.resultCheckpoint()));
        assertThat(ask(new ThreadRequest.JoinRun(nextId(), THREAD, "gw", "run-a")).body())
                .isEqualTo(second.values());
        // a run that failed keeps its own answer
        finishWithValues("run-c", RunStatus.ERROR, second.values(), List.of());
        assertThat(ask(new ThreadRequest.JoinRun(nextId(), THREAD, "gw", "run-c")).body())
                .isEqualTo(Map.of("__error__", Map.of("error", "E", "message", "m")));
    }

    @Test
    void runsQueuedBehindARunningOneAreOfferedAsItsSuccessorsAndConfirmedWhenEachEndNamesTheNext() {
        var saver = new InMemoryCheckpointSaver();
        queueTwoBehindARunningRunOfAPoolThatTakesSuccessors();

        // the queued runs were offered in order, each to follow the one before it
        assertThat(offers).containsExactly("run-a>run-b", "run-b>run-c");
        var b = offeredDispatch("run-b");
        var c = offeredDispatch("run-c");
        assertThat(b.attempt()).isEqualTo(1);

        // the execution of run-a ended and started run-b at once: run-b is running under the offered dispatch
        var first = chat(saver, "one");
        finishWithValues("run-a", RunStatus.SUCCESS, first.values(), first.checkpoints(), b.dispatchId());
        var runB = (Map<?, ?>) dev.kgraph.model.json.Json.plain(
                ask(new ThreadRequest.GetRun(nextId(), THREAD, "gw", "run-b")).body());
        assertThat(runB.get("status")).isEqualTo("running");
        var runs = SequencerStores.runs(threadState());
        assertThat(runs.get(StoreKeys.run(THREAD, "run-b")).dispatchId()).isEqualTo(b.dispatchId());

        // its reports count (it is the current dispatch), and its end confirms run-c the same way
        var second = chat(saver, "two");
        endAnswering("run-b", b.dispatchId(), second, c.dispatchId());
        var third = chat(saver, "three");
        endAnswering("run-c", c.dispatchId(), third, null);

        // every run answered with its own values; only run-a went through the pool; nothing revoked
        var completed = events.readValuesToList().stream().map(e -> (RunEvent.RunCompleted) e).toList();
        assertThat(completed).extracting(e -> e.run().runId()).containsExactly("run-a", "run-b", "run-c");
        assertThat(completed).extracting(RunEvent.RunCompleted::result)
                .containsExactly(first.values(), second.values(), third.values());
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a");
        assertThat(revoked).isEmpty();
        var thread = (Map<?, ?>) ask(new ThreadRequest.GetThread(nextId(), THREAD, "gw")).body();
        assertThat(thread.get("status")).isEqualTo("idle");
        assertThat(thread.get("values")).isEqualTo(third.values());
    }

    @Test
    void offeredSuccessorsAreRevokedWhenTheThreadGoesAnotherWayAndTheirReportsAreIgnored() {
        var saver = new InMemoryCheckpointSaver();
        queueTwoBehindARunningRunOfAPoolThatTakesSuccessors();
        var b = offeredDispatch("run-b");
        var c = offeredDispatch("run-c");

        // run-b is cancelled while queued: every offer goes (run-c followed run-b)
        ask(new ThreadRequest.CancelRun(nextId(), THREAD, "gw", "run-b", "interrupt"));
        assertThat(revoked).containsExactlyInAnyOrder(b.dispatchId(), c.dispatchId());
        // run-a's execution had started run-b before the revocation reached it, and says so
        var first = chat(saver, "one");
        finishWithValues("run-a", RunStatus.SUCCESS, first.values(), first.checkpoints(), b.dispatchId());

        // run-b stays interrupted; run-c starts through the pool under a dispatch of its own
        assertThat(revoked).contains(b.dispatchId());
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a", "run-c");
        assertThat(dispatched.getLast().dispatchId()).isNotIn(b.dispatchId(), c.dispatchId());
        // the revoked executions' reports, should they come, change nothing
        progress.pipeInput(THREAD, new RunProgress.RunFinished(THREAD, "run-b", 1, b.dispatchId(), succeeded()));
        progress.pipeInput(THREAD, new RunProgress.RunFinished(THREAD, "run-c", 1, c.dispatchId(), succeeded()));
        var runs = SequencerStores.runs(threadState());
        assertThat(runs.get(StoreKeys.run(THREAD, "run-b")).status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(runs.get(StoreKeys.run(THREAD, "run-c")).status()).isEqualTo(RunStatus.RUNNING);
        assertThat(completedRunIds()).containsExactly("run-b", "run-a");
    }

    @Test
    void aSuccessorIsRevokedWhenItsPredecessorFailedOrWasRolledBack() {
        takesSuccessors = true;
        leap(Duration.ofSeconds(1)); // recovery has run: only then are successors offered
        var saver = new InMemoryCheckpointSaver();
        createRun("run-a", "enqueue", 0);
        createRun("run-b", "enqueue", 0);
        var b = offeredDispatch("run-b");

        // run-a failed: its execution started nothing, and says so; run-b starts through the pool
        finishWithValues("run-a", RunStatus.ERROR, chat(saver, "one").values(), List.of());
        assertThat(revoked).containsExactly(b.dispatchId());
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a", "run-b");

        // run-b is rolled back (cancel with rollback) but its execution had ended well and started run-c
        createRun("run-c", "enqueue", 0);
        var c = offeredDispatch("run-c");
        ask(new ThreadRequest.CancelRun(nextId(), THREAD, "gw", "run-b", "rollback"));
        var second = chat(saver, "two");
        endAnswering("run-b", dispatchIdOf("run-b", 1), second, c.dispatchId());

        // run-b's state is erased, so run-c, which continued it, is revoked and starts again from what is left
        assertThat(revoked).endsWith(c.dispatchId());
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a", "run-b", "run-c");
        assertThat(dispatched.getLast().dispatchId()).isNotEqualTo(c.dispatchId());
        assertThat(completedRunIds()).containsExactly("run-a", "run-b");
    }

    @Test
    void aStreamedRunIsNotOfferedAsASuccessorAndStartsTheUsualWay() {
        takesSuccessors = true;
        leap(Duration.ofSeconds(1));
        createRun("run-a", "enqueue", 0);
        var spec = new RunSpec("run-s", "assistant", "echo", clock.instant().toString(), Map.of(),
                Map.of("input", Map.of(), "streamed", true), "enqueue", "create", 0, false,
                Map.of("graph_id", "echo"));
        ask(new ThreadRequest.CreateRun(nextId(), THREAD, "gw", spec));
        createRun("run-c", "enqueue", 0);

        // nothing is offered past the streamed run: a revoked execution's events would reach its stream
        assertThat(offers).isEmpty();
        finish("run-a", 1);
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a", "run-s");
        assertThat(offers).containsExactly("run-s>run-c");
    }

    /** Run-a executes, run-b and run-c wait behind it, on a pool that takes successors, once recovery has run. */
    private void queueTwoBehindARunningRunOfAPoolThatTakesSuccessors() {
        takesSuccessors = true;
        leap(Duration.ofSeconds(1)); // recovery has run: only then are successors offered
        createRun("run-a", "enqueue", 0);
        createRun("run-b", "enqueue", 0);
        createRun("run-c", "enqueue", 0);
    }

    /** The end of a successful execution of {@code runId} answering {@code chat}, naming its successor (or null). */
    private void endAnswering(String runId, String dispatchId, Chat chat, String successor) {
        progress.pipeInput(THREAD, new RunProgress.RunFinished(THREAD, runId, 1, dispatchId,
                new RunOutcome(RunStatus.SUCCESS, null, chat.values(), Map.of(), false, null,
                        clock.instant().toString(), clock.instant().toString()), chat.checkpoints(), successor));
    }

    private RunDispatcher.Dispatch offeredDispatch(String runId) {
        return offered.stream().filter(d -> d.run().runId().equals(runId)).reduce((first, last) -> last)
                .orElseThrow();
    }

    @Test
    void aThreadsLargeValuesAreStoredAsTheCheckpointHoldingThemAndWholeBeforeAPruneDeletesIt() {
        var saver = new InMemoryCheckpointSaver();
        createRun("run-a", "enqueue", 0);
        createRun("run-b", "enqueue", 0);
        var first = chat(saver, "x".repeat(800));
        finishWithValues("run-a", RunStatus.SUCCESS, first.values(), first.checkpoints());
        var second = chat(saver, "y".repeat(800));
        finishWithValues("run-b", RunStatus.SUCCESS, second.values(), second.checkpoints());

        // the values store holds the id of the checkpoint whose state they are, not the 3 KB conversation again
        var values = SequencerStores.threadValues(threadState());
        var endedAt = second.checkpoints().getLast().checkpointId();
        assertThat(new String(values.get(THREAD), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("\"" + endedAt + "\"");
        assertThat(((Map<?, ?>) ask(new ThreadRequest.GetThread(nextId(), THREAD, "gw")).body()).get("values"))
                .isEqualTo(second.values());

        // a later checkpoint (a run saving as it goes) and a prune, which deletes the one the values point at
        var later = chat(saver, "z").checkpoints().getFirst();
        SequencerStores.checkpoints(threadState())
                .put(StoreKeys.checkpoint(THREAD, "", later.checkpointId()), later.tuple().bytes());
        ask(new ThreadRequest.PruneThread(nextId(), THREAD, "gw"));

        assertThat(SequencerStores.checkpoints(threadState())
                .get(StoreKeys.checkpoint(THREAD, "", endedAt))).isNull();
        assertThat(dev.kgraph.model.json.Json.MAPPER.readValue(values.get(THREAD), Map.class))
                .isEqualTo(second.values());
    }

    @Test
    void aRunWhoseExecutionSentItsValuesCompletesNamingThatDispatchAndTheThreadHoldsTheCheckpointsState() {
        var saver = new InMemoryCheckpointSaver();
        createRun("run-a", "enqueue", 0);
        createRun("run-b", "enqueue", 0);
        createRun("run-c", "enqueue", 0);
        var first = chat(saver, "x".repeat(800));
        finishWithValuesSent("run-a", first.checkpoints());

        // the completion names the dispatch whose values the gateways got, and carries none of them
        var completed = (RunEvent.RunCompleted) events.readValuesToList().getLast();
        assertThat(completed.runId()).isEqualTo("run-a");
        assertThat(completed.valuesFrom()).isEqualTo(dispatchIdOf("run-a", 1));
        assertThat(completed.result()).isNull();
        assertThat(completed.values()).isNull();
        assertThat(completed.run().status()).isEqualTo(RunStatus.SUCCESS);
        // the thread's values are the state of the checkpoint the run ended at, stored as its id
        var endedAt = first.checkpoints().getLast().checkpointId();
        var values = SequencerStores.threadValues(threadState());
        assertThat(new String(values.get(THREAD), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("\"" + endedAt + "\"");
        var thread = (Map<?, ?>) ask(new ThreadRequest.GetThread(nextId(), THREAD, "gw")).body();
        assertThat(thread.get("values")).isEqualTo(first.values());
        assertThat(thread.get("status")).isEqualTo("busy"); // run-b started
        // a join (what a gateway that missed the values asks) answers with them, read from that checkpoint
        assertThat(ask(new ThreadRequest.JoinRun(nextId(), THREAD, "gw", "run-a")).body()).isEqualTo(first.values());
        // the next run went on from there
        var second = chat(saver, "y".repeat(800));
        finishWithValuesSent("run-b", second.checkpoints());
        assertThat(((RunEvent.RunCompleted) events.readValuesToList().getLast()).valuesFrom())
                .isEqualTo(dispatchIdOf("run-b", 1));
        assertThat(ask(new ThreadRequest.JoinRun(nextId(), THREAD, "gw", "run-b")).body()).isEqualTo(second.values());

        // an execution whose checkpoint is not the thread's latest (not expected): the latest's state, sent whole
        var third = chat(saver, "z");
        finishWithValuesSent("run-c", List.of());
        var wayward = (RunEvent.RunCompleted) events.readValuesToList().getLast();
        assertThat(wayward.valuesFrom()).isNull();
        assertThat(wayward.result()).isEqualTo(second.values());
        assertThat(third.values()).isNotEqualTo(second.values());
    }

    @Test
    void aRunRolledBackWhileItsExecutionSentItsValuesCompletesWithTheInterruptAndLeavesNoValues() {
        var saver = new InMemoryCheckpointSaver();
        createRun("run-a", "enqueue", 0);
        ask(new ThreadRequest.CancelRun(nextId(), THREAD, "gw", "run-a", "rollback"));
        finishWithValuesSent("run-a", chat(saver, "x".repeat(800)).checkpoints());

        var completed = (RunEvent.RunCompleted) events.readValuesToList().getLast();
        assertThat(completed.valuesFrom()).isNull();
        assertThat(completed.result()).isEqualTo(Map.of("__error__", Map.of("error", "UserInterrupt",
                "message", "User interrupted the run")));
        assertThat(SequencerStores.threadValues(threadState()).get(THREAD)).isNull();
    }

    /** RUN's end as an execution reports it after sending its final values to the gateways itself. */
    private void finishWithValuesSent(String runId, List<RunProgress.SavedCheckpoint> checkpoints) {
        var outcome = new RunOutcome(RunStatus.SUCCESS, null, null, Map.of(), false, null,
                clock.instant().toString(), clock.instant().toString());
        freeSlots++;
        progress.pipeInput(THREAD, new RunProgress.RunFinished(THREAD, runId, 1, dispatchIdOf(runId, 1), outcome,
                checkpoints, null, true));
    }

    /** One echo run on THREAD: its final values and the checkpoints it saved, as its execution reports them. */
    private record Chat(Map<String, Object> values, List<RunProgress.SavedCheckpoint> checkpoints) {
    }

    private static Chat chat(InMemoryCheckpointSaver saver, String message) {
        var before = saver.list(THREAD, "", ListOptions.all()).size();
        var values = ExampleGraphs.echo().invoke(Map.of("messages", List.of(Map.of("role", "user", "content", message))),
                RunConfig.forThread(THREAD), saver).values();
        var all = saver.list(THREAD, "", ListOptions.all()).reversed();
        var saved = all.subList(before, all.size()).stream()
                .map(tuple -> new RunProgress.SavedCheckpoint("", tuple.checkpoint().id(),
                        dev.kgraph.model.json.RawJson.of(CheckpointJson.toBytes(tuple)))).toList();
        @SuppressWarnings("unchecked")
        var plain = (Map<String, Object>) dev.kgraph.model.json.Json.MAPPER.readValue(
                dev.kgraph.model.json.Json.write(values), Map.class);
        return new Chat(plain, saved);
    }

    @Test
    void aRunWithAWebhookQueuesItsDeliveryInTheDecisionThatEndsItAndRecordsItPending() {
        var webhooks = driver.createOutputTopic(Topics.WEBHOOKS.name(), Topics.WEBHOOKS.keySerde().deserializer(),
                Topics.WEBHOOKS.valueSerde().deserializer());
        var spec = new RunSpec("run-w", "assistant", "echo", clock.instant().toString(), Map.of(),
                Map.of("input", Map.of(), "webhook", "https://example.com/hook"), "enqueue", "create", 0, false,
                Map.of("graph_id", "echo"));
        ask(new ThreadRequest.CreateRun(nextId(), THREAD, "gw", spec));
        createRun("run-plain", "enqueue", 0);
        assertThat(webhooks.isEmpty()).isTrue(); // nothing before the run ends

        finish("run-w", 1);
        finish("run-plain", 1); // no webhook: nothing queued

        var queued = webhooks.readKeyValuesToList();
        assertThat(queued).singleElement().satisfies(record -> {
            assertThat(record.key).isEqualTo(THREAD);
            assertThat(record.value.runId()).isEqualTo("run-w");
            assertThat(record.value.deliveryId()).isEqualTo("run-w");
            assertThat(record.value.url()).isEqualTo("https://example.com/hook");
            assertThat(record.value.payload()).containsEntry("status", "success").containsEntry("run_id", "run-w");
        });
        var delivery = ask(new ThreadRequest.GetWebhookDelivery(nextId(), THREAD, "gw", "run-w"));
        assertThat(delivery.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(delivery.body().toString()).contains("status=pending").contains("attempts=0");
        assertThat(ask(new ThreadRequest.GetWebhookDelivery(nextId(), THREAD, "gw", "run-plain")).outcome())
                .isEqualTo(Reply.Outcome.NOT_FOUND);
    }

    @Test
    void onlyARunWhoseCreationAlsoCreatedItsThreadIsDispatchedAsOnAThreadWithNoCheckpoint() {
        createRun("run-a", "enqueue", 0); // creates the thread and starts at once
        createRun("run-b", "enqueue", 0); // queued behind it
        finish("run-a", 1);
        createRun("run-c", "enqueue", 0); // the thread exists: it may hold checkpoints

        finish("run-b", 1);
        finish("run-c", 1);

        assertThat(dispatched).extracting(d -> d.run().runId() + ":" + d.newThread())
                .containsExactly("run-a:true", "run-b:false", "run-c:false");
    }

    @Test
    void threadsWaitingForASlotStartInTheOrderTheyAskedAndARefusedOneKeepsItsPlace() {
        freeSlots = 1;
        createRun(thread(1), "run-1", "enqueue", 0);
        for (int i = 2; i <= 4; i++) {
            createRun(thread(i), "run-" + i, "enqueue", 0); // the pool is full: they wait, in this order
        }
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-1");

        // a slot frees, but the pool owes it to an older run elsewhere: nobody here takes it, nobody moves
        owedElsewhere.add("run-2");
        finish(thread(1), "run-1", 1, RunStatus.SUCCESS);
        advance(Duration.ofMillis(40));
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-1");

        owedElsewhere.clear();
        freeSlots += 1;
        advance(Duration.ofMillis(40));
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-1", "run-2", "run-3");
        finish(thread(2), "run-2", 1, RunStatus.SUCCESS);
        advance(Duration.ofMillis(40));
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-1", "run-2", "run-3", "run-4");
    }

    private static String thread(int n) {
        return "00000000-0000-0000-0000-%012d".formatted(100 + n);
    }

    @Test
    void aRunThatEndsWithinTheAcknowledgementDelayIsAnsweredOnlyByItsCompletion() {
        createRunDeferringItsAcknowledgement(THREAD, "run-a", "enqueue");
        assertThat(replies.readValuesToList()).isEmpty();

        finish("run-a", 1);
        advance(SequencerState.ACKNOWLEDGEMENT_DELAY.plusMillis(100));

        assertThat(completedRunIds()).containsExactly("run-a");
        assertThat(replies.readValuesToList()).isEmpty();
    }

    @Test
    void aRunStillGoingAfterTheAcknowledgementDelayIsAcknowledgedThenAndARefusalIsAnsweredAtOnce() {
        var requestId = createRunDeferringItsAcknowledgement(THREAD, "run-a", "enqueue");
        advance(SequencerState.ACKNOWLEDGEMENT_DELAY.minusMillis(40));
        assertThat(replies.readValuesToList()).isEmpty();

        advance(Duration.ofMillis(60));
        assertThat(replies.readValuesToList()).singleElement().satisfies(reply -> {
            assertThat(reply.requestId()).isEqualTo(requestId);
            assertThat(reply.outcome()).isEqualTo(Reply.Outcome.OK);
        });

        var refusedId = createRunDeferringItsAcknowledgement(THREAD, "run-b", "reject");
        assertThat(replies.readValuesToList()).singleElement().satisfies(reply -> {
            assertThat(reply.requestId()).isEqualTo(refusedId);
            assertThat(reply.outcome()).isEqualTo(Reply.Outcome.CONFLICT);
        });
    }

    @Test
    void anAcknowledgementOwedByATaskThatStoppedIsSentByTheNextOnesRecovery() {
        createRun("run-a", "enqueue", 0);
        // what a task that stopped within the delay leaves: the address in the run's entry, nothing in memory
        var runs = SequencerStores.runs(threadState());
        var key = StoreKeys.run(THREAD, "run-a");
        runs.put(key, runs.get(key).owing(new RunEntry.Acknowledgement("lost-request", "gw")));

        advance(Duration.ofMillis(RecoveryGate.SETTLE_MS + 40).plus(SequencerState.ACKNOWLEDGEMENT_DELAY));

        assertThat(replies.readValuesToList()).extracting(Reply::requestId).containsExactly("lost-request");
    }

    private String createRunDeferringItsAcknowledgement(String threadId, String runId, String strategy) {
        var spec = new RunSpec(runId, "assistant", "echo", clock.instant().toString(), Map.of(),
                Map.of("input", Map.of()), strategy, "create", 0, false, Map.of("graph_id", "echo"));
        var requestId = nextId();
        requests.pipeInput(threadId, new ThreadRequest.CreateRun(requestId, threadId, "gw", spec, true, true));
        return requestId;
    }

    @Test
    void progressOfAnotherAttemptIsIgnored() {
        createRun("run-a", "enqueue", 0);

        finish("run-a", 2); // not the attempt that was dispatched: a fenced-off executor
        assertThat(completedRunIds()).isEmpty();
        finish("run-a", 1);

        assertThat(completedRunIds()).containsExactly("run-a");
        assertThat(ask(new ThreadRequest.GetRun(nextId(), THREAD, "gw", "run-a")).body().toString())
                .contains("success");
    }

    @Test
    void aScheduledRunStartsWhenDueAndNotBefore() {
        var created = createRun("run-a", "enqueue", 5);
        assertThat(created.outcome()).isEqualTo(Reply.Outcome.OK);

        advance(Duration.ofMillis(4_900));
        assertThat(dispatched).isEmpty();
        advance(Duration.ofMillis(200));

        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a");
    }

    @Test
    void anIdleSequencerLetsItsStreamThreadSleepUntilItsNextScheduledRunButNoLonger() {
        var partition = List.of(new TopicPartition(Topics.REQUESTS.name(), 0),
                new TopicPartition(Topics.PROGRESS.name(), 0));
        var pollMs = Duration.ofMillis(20);
        clock.advance(Duration.ofMillis(5)); // the clock shows the driver's wall-clock time again (set-up moved it)
        createRun("run-a", "enqueue", 3);

        advance(Duration.ofMillis(100)); // a record was just read: the thread keeps its short poll
        assertThat(wakeUps.pollTimeout(partition, pollMs, clock.millis())).isEqualTo(pollMs);

        leap(Duration.ofMillis(1_400)); // quiet for a while, the run due in 1.5 s: as long as an idle poll may be
        assertThat(wakeUps.pollTimeout(partition, pollMs, clock.millis())).isEqualTo(SequencerWakeUps.IDLE_POLL);

        leap(Duration.ofMillis(1_300)); // due in 200 ms: sleeps exactly until then
        assertThat(dispatched).isEmpty();
        assertThat(wakeUps.pollTimeout(partition, pollMs, clock.millis())).isEqualTo(Duration.ofMillis(200));

        leap(Duration.ofMillis(200));
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a");
    }

    @Test
    void aRunDueWithinTheMillisecondOfItsWakeUpIsNotSkipped() {
        // due 0.4 ms into a millisecond the clock reaches at its own 0.0 ms fraction
        clock.advance(Duration.ofNanos(100_000));
        var createdAt = clock.instant().plusMillis(1_000).plusNanos(400_000).toString();
        var spec = new RunSpec("run-a", "assistant", "echo", createdAt, Map.of(), Map.of("input", Map.of()),
                "enqueue", "create", 1.0004, false, Map.of("graph_id", "echo"));
        ask(new ThreadRequest.CreateRun(nextId(), THREAD, "gw", spec));

        advance(Duration.ofMillis(1_100));

        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a");
    }

    @Test
    void aPendingRunCancelledBeforeItsTimeNeverStarts() {
        createRun("run-a", "enqueue", 2);

        var cancel = ask(new ThreadRequest.CancelRun(nextId(), THREAD, "gw", "run-a", "interrupt"));
        advance(Duration.ofSeconds(3));

        assertThat(cancel.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(dispatched).isEmpty();
        assertThat(completedRunIds()).containsExactly("run-a");
    }

    @Test
    void aRequestThatBreaksItsHandlerIsAnswered400AndThePartitionKeepsServing() {
        createRun("run-a", "enqueue", 0);
        finish("run-a", 1);

        var update = ask(new ThreadRequest.UpdateState(nextId(), THREAD, "gw", Map.of("x", 1), "echo", null));
        var next = createRun("run-b", "enqueue", 0);

        assertThat(update.outcome()).isEqualTo(Reply.Outcome.BAD_REQUEST);
        assertThat(update.detail()).contains("a bug in a state update");
        assertThat(next.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a", "run-b");
    }

    @Test
    void interruptCancelsTheRunningRunAndQueuesTheNewOne() {
        createRun("run-a", "enqueue", 0);

        createRun("run-b", "interrupt", 0);
        assertThat(cancelled).containsExactly("run-a:interrupt");
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a");
        finish("run-a", 1, RunStatus.INTERRUPTED);

        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a", "run-b");
    }

    @Test
    void aFullPoolLeavesRunsPendingInTheirQueuesAndStartsThemAsSlotsFree() {
        freeSlots = 1;
        createRun(THREAD, "run-a", "enqueue", 0);
        createRun(OTHER_THREAD, "run-b", "enqueue", 0);

        advance(Duration.ofMillis(100)); // the pool is still full: nothing more starts
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a");
        assertThat(ask(new ThreadRequest.GetRun(nextId(), OTHER_THREAD, "gw", "run-b")).body().toString())
                .contains("status=pending");

        finish(THREAD, "run-a", 1, RunStatus.SUCCESS);
        advance(Duration.ofMillis(20));

        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a", "run-b");
        assertThat(ask(new ThreadRequest.GetRun(nextId(), OTHER_THREAD, "gw", "run-b")).body().toString())
                .contains("status=running");
    }

    @Test
    void recoverySettlesAThreadWhoseWriteOfItsRunsEndWasLostInACrash() {
        createRun("run-a", "enqueue", 0);
        // the state a crash can leave: the run's end reached its changelog, the thread's did not
        var runs = SequencerStores.runs(threadState());
        var key = StoreKeys.run(THREAD, "run-a");
        runs.put(key, runs.get(key).ended(RunStatus.SUCCESS, Map.of("done", true), null, null, clock.instant()
                .toString()));

        advance(Duration.ofMillis(RecoveryGate.SETTLE_MS + 40)); // the partition's recovery runs

        assertThat(completedRunIds()).containsExactly("run-a");
        var thread = ask(new ThreadRequest.GetThread(nextId(), THREAD, "gw")).body().toString();
        assertThat(thread).contains("status=idle");
        createRun("run-b", "reject", 0); // the thread takes runs again
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a", "run-b");
    }

    @Test
    void recoveryStartsAPendingRunItsThreadStillCallsActive() {
        createRun("run-a", "enqueue", 0);
        // the state a crash can leave: the thread's write of run-a's start reached its changelog, run-a's did not, and
        // the replayed creation stored run-a pending again (the CI's standalone crash test lost such a run)
        var runs = SequencerStores.runs(threadState());
        var key = StoreKeys.run(THREAD, "run-a");
        var started = runs.get(key);
        runs.put(key, RunEntry.pending(started.run().withStatus(RunStatus.PENDING, clock.instant().toString()),
                started.graphId(), started.temporary()));
        freeSlots++; // its first execution died with the crash

        advance(Duration.ofMillis(RecoveryGate.SETTLE_MS + 40)); // the partition's recovery runs

        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a", "run-a");
        finish("run-a", dispatched.getLast().attempt());
        assertThat(completedRunIds()).containsExactly("run-a");
    }

    @Test
    void recoveryQueuesAgainAPendingRunWhoseThreadLostTrackOfIt() {
        createRun("run-a", "enqueue", 0);
        createRun("run-b", "enqueue", 0);
        // the state a crash can leave: run-b's entry reached its changelog, the thread's queueing of it did not
        var threads = SequencerStores.threads(threadState());
        threads.put(THREAD, threads.get(THREAD).withoutQueued("run-b", clock.instant().toString()));
        finish("run-a", 1);
        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a");

        advance(Duration.ofMillis(RecoveryGate.SETTLE_MS + 40));

        assertThat(dispatched).extracting(d -> d.run().runId()).containsExactly("run-a", "run-b");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCopyGetsEveryCheckpointRewrittenForItAndTheSourcesMetadataButNoRuns() {
        createRun("run-a", "enqueue", 0);
        var saver = new InMemoryCheckpointSaver();
        ExampleGraphs.echo().invoke(Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))),
                RunConfig.forThread(THREAD), saver);
        var tuples = saver.list(THREAD, "", ListOptions.all());
        for (var tuple : tuples.reversed()) {
            progress.pipeInput(THREAD, new RunProgress.CheckpointSaved(THREAD, "run-a", 1, dispatchIdOf("run-a", 1),
                    "", tuple.checkpoint().id(), Json.MAPPER.readTree(CheckpointJson.toBytes(tuple))));
        }
        finish("run-a", 1);

        // the copy's parts go through kgraph.requests to the new thread's writer, which answers
        var copy = ask(new ThreadRequest.CopyThread(nextId(), THREAD, "gw", OTHER_THREAD));

        assertThat(copy.outcome()).isEqualTo(Reply.Outcome.OK);
        @SuppressWarnings("unchecked")
        var thread = (Map<String, Object>) Json.plain(Json.MAPPER.valueToTree(copy.body()));
        assertThat(thread).containsEntry("thread_id", OTHER_THREAD).containsEntry("status", "idle");
        assertThat((Map<String, Object>) thread.get("metadata")).containsEntry("thread_id", OTHER_THREAD)
                .containsEntry("graph_id", "echo");
        var history = ask(new ThreadRequest.GetHistory(nextId(), OTHER_THREAD, "gw", 100, null, null));
        @SuppressWarnings("unchecked")
        var items = (List<Map<String, Object>>) Json.plain(Json.MAPPER.valueToTree(history.body()));
        assertThat(items).hasSize(tuples.size()).allSatisfy(item ->
                assertThat((Map<String, Object>) item.get("checkpoint")).containsEntry("thread_id", OTHER_THREAD));
        var runs = ask(new ThreadRequest.ListRuns(nextId(), OTHER_THREAD, "gw", 10, 0, null));
        assertThat((List<?>) Json.plain(Json.MAPPER.valueToTree(runs.body()))).isEmpty();
        assertThat(ask(new ThreadRequest.CopyThread(nextId(), "00000000-0000-0000-0000-0000000000ff", "gw",
                "00000000-0000-0000-0000-0000000000fe")).outcome()).isEqualTo(Reply.Outcome.NOT_FOUND);
    }

    @Test
    void checkpointsReportedWithARunsEndAreStoredBeforeItSettlesAndAFencedEndStoresNone() {
        createRun("run-a", "enqueue", 0);
        var saved = echoCheckpoints();
        var outcome = succeeded();

        // a superseded execution's end, with its checkpoints: nothing of it counts
        progress.pipeInput(THREAD, new RunProgress.RunFinished(THREAD, "run-a", 1, "lost-dispatch", outcome, saved));
        assertThat((List<?>) Json.plain(Json.MAPPER.valueToTree(
                ask(new ThreadRequest.GetHistory(nextId(), THREAD, "gw", 10, null, null)).body()))).isEmpty();
        assertThat(completedRunIds()).isEmpty();

        freeSlots++;
        progress.pipeInput(THREAD, new RunProgress.RunFinished(THREAD, "run-a", 1, dispatchIdOf("run-a", 1), outcome,
                saved));
        var history = ask(new ThreadRequest.GetHistory(nextId(), THREAD, "gw", 10, null, null));
        assertThat((List<?>) Json.plain(Json.MAPPER.valueToTree(history.body()))).hasSize(saved.size());
        assertThat(completedRunIds()).containsExactly("run-a");
    }

    /**
     * At-least-once after a crash: the run's final entry landed, the checkpoints written with it did not, and the
     * replayed report of its end is ignored as a decision (the run has ended) but brings its checkpoints back, so the
     * thread's history (and the state recovery settles it to) includes the run.
     */
    @Test
    void aReplayedEndOfAnEndedRunPutsBackCheckpointsACrashLost() {
        createRun("run-a", "enqueue", 0);
        var saved = echoCheckpoints();
        var outcome = succeeded();
        var end = new RunProgress.RunFinished(THREAD, "run-a", 1, dispatchIdOf("run-a", 1), outcome, saved);
        freeSlots++;
        progress.pipeInput(THREAD, end);
        assertThat(completedRunIds()).containsExactly("run-a");

        var checkpoints = SequencerStores.checkpoints(threadState());
        for (var checkpoint : saved) { // what the crash lost
            checkpoints.delete(StoreKeys.checkpoint(THREAD, "", checkpoint.checkpointId()));
        }
        assertThat((List<?>) Json.plain(Json.MAPPER.valueToTree(
                ask(new ThreadRequest.GetHistory(nextId(), THREAD, "gw", 10, null, null)).body()))).isEmpty();

        progress.pipeInput(THREAD, end); // the replay
        assertThat((List<?>) Json.plain(Json.MAPPER.valueToTree(
                ask(new ThreadRequest.GetHistory(nextId(), THREAD, "gw", 10, null, null)).body())))
                .hasSize(saved.size());
        assertThat(completedRunIds()).isEmpty(); // and it was not completed a second time
    }

    @Test
    void aReportOfTheSameAttemptFromAnotherDispatchIsIgnored() {
        createRun("run-a", "enqueue", 0); // dispatched as attempt 1
        var saver = new InMemoryCheckpointSaver();
        ExampleGraphs.echo().invoke(Map.of("messages", List.of()), RunConfig.forThread(THREAD), saver);
        var tuple = saver.list(THREAD, "", ListOptions.all()).getLast();
        var tree = Json.MAPPER.readTree(CheckpointJson.toBytes(tuple));

        // from an execution whose own dispatch of attempt 1 died uncommitted with its worker
        progress.pipeInput(THREAD, new RunProgress.CheckpointSaved(THREAD, "run-a", 1, "lost-dispatch", "",
                tuple.checkpoint().id(), tree));
        finish(THREAD, "run-a", 1, "lost-dispatch", RunStatus.SUCCESS);
        var history = ask(new ThreadRequest.GetHistory(nextId(), THREAD, "gw", 10, null, null));
        assertThat((List<?>) Json.plain(Json.MAPPER.valueToTree(history.body()))).isEmpty();
        assertThat(completedRunIds()).isEmpty();

        // the same reports from this dispatch's execution count
        progress.pipeInput(THREAD, new RunProgress.CheckpointSaved(THREAD, "run-a", 1, dispatchIdOf("run-a", 1), "",
                tuple.checkpoint().id(), tree));
        finish("run-a", 1);
        history = ask(new ThreadRequest.GetHistory(nextId(), THREAD, "gw", 10, null, null));
        assertThat((List<?>) Json.plain(Json.MAPPER.valueToTree(history.body()))).hasSize(1);
        assertThat(completedRunIds()).containsExactly("run-a");
    }

    @Test
    void whileSomeoneStreamsTheThreadItsRunsPublishTheirEventsAndTheRunningOneStartsNow() {
        ask(new ThreadRequest.CreateThread(nextId(), THREAD, "gw", Map.of(), "raise", clock.instant().toString(), null));
        createRun("run-a", "enqueue", 0); // running, nobody streams it
        createRun("run-b", "enqueue", 0); // queued behind it

        var watched = ask(new ThreadRequest.WatchThread(nextId(), THREAD, "gw",
                clock.instant().plusSeconds(60).toString()));

        assertThat(watched.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat(streamingStarted).containsExactly("run-a");
        finish("run-a", 1);
        assertThat(dispatched).filteredOn(d -> d.run().runId().equals("run-b")).singleElement()
                .satisfies(d -> assertThat(d.run().kwargs()).containsEntry("streamed", true));

        // once the lease has passed, runs no longer publish for it
        finish("run-b", 1);
        leap(Duration.ofSeconds(61));
        createRun("run-c", "enqueue", 0);
        assertThat(dispatched).filteredOn(d -> d.run().runId().equals("run-c")).singleElement()
                .satisfies(d -> assertThat(d.run().kwargs()).doesNotContainKey("streamed"));
        assertThat(ask(new ThreadRequest.WatchThread(nextId(), OTHER_THREAD, "gw",
                clock.instant().plusSeconds(60).toString())).outcome()).isEqualTo(Reply.Outcome.NOT_FOUND);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStateUpdateIsPublishedToTheThreadStreamAsTheStateNowReadsWithoutARun() {
        stateUpdater = new GraphStateUpdater(
                new GraphRegistry(List.of(GraphProvider.of("echo", ExampleGraphs.echo()))));
        createRun("run-a", "enqueue", 0);
        finish("run-a", 1);

        var update = ask(new ThreadRequest.UpdateState(nextId(), THREAD, "gw",
                Map.of("messages", List.of("edited")), "echo", null));

        assertThat(update.outcome()).isEqualTo(Reply.Outcome.OK);
        var published = stream.readRecordsToList();
        assertThat(published).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(THREAD);
            assertThat(record.headers().lastHeader(StreamRecords.RUN_ID)).as("a thread event has no run").isNull();
            assertThat(StreamRecords.header(record.headers(), StreamRecords.EVENT)).isEqualTo("state_update");
            var data = (Map<String, Object>) Json.plain(Json.MAPPER.readTree(record.value()));
            var current = Json.plain(Json.MAPPER.valueToTree(
                    ask(new ThreadRequest.GetState(nextId(), THREAD, "gw", null)).body()));
            assertThat(data).containsOnlyKeys("state", "thread_id").containsEntry("thread_id", THREAD);
            assertThat(data.get("state")).isEqualTo(current);
            assertThat((Map<String, Object>) data.get("state")).containsEntry("values",
                    Map.of("messages", List.of("edited")));
        });

        // a refused update publishes nothing
        createRun("run-b", "enqueue", 0);
        assertThat(ask(new ThreadRequest.UpdateState(nextId(), THREAD, "gw", Map.of("messages", List.of("x")),
                "echo", null)).outcome()).isEqualTo(Reply.Outcome.CONFLICT);
        assertThat(stream.isEmpty()).isTrue();
    }

    @Test
    void aRunDispatchedBeforeRecoveryRanIsNotTakenForOneThatLostItsWorker() {
        // the task has just started: a request arrives before its recovery gate opens (a loaded machine)
        createRun("run-a", "enqueue", 0);

        leap(Duration.ofMillis(RecoveryGate.LONGEST_MS + 100)); // recovery runs now

        assertThat(dispatched).extracting(d -> d.run().runId() + "#" + d.attempt()).containsExactly("run-a#1");
        finish("run-a", 1);
        assertThat(completedRunIds()).containsExactly("run-a");
    }

    @Test
    @SuppressWarnings("unchecked")
    void pruningKeepsTheThreadItsRunsAndItsLatestCheckpointAndDeletesTheOlderOnes() {
        createRun("run-a", "enqueue", 0);
        var saver = new InMemoryCheckpointSaver();
        ExampleGraphs.echo().invoke(Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))),
                RunConfig.forThread(THREAD), saver);
        var tuples = saver.list(THREAD, "", ListOptions.all());
        for (var tuple : tuples.reversed()) {
            progress.pipeInput(THREAD, new RunProgress.CheckpointSaved(THREAD, "run-a", 1, dispatchIdOf("run-a", 1),
                    "", tuple.checkpoint().id(), Json.MAPPER.readTree(CheckpointJson.toBytes(tuple))));
        }
        finish("run-a", 1);
        var before = ask(new ThreadRequest.GetState(nextId(), THREAD, "gw", null)).body();
        assertThat(tuples).hasSizeGreaterThan(1);

        var pruned = ask(new ThreadRequest.PruneThread(nextId(), THREAD, "gw"));

        assertThat(pruned.outcome()).isEqualTo(Reply.Outcome.OK);
        assertThat((Map<String, Object>) Json.plain(Json.MAPPER.valueToTree(pruned.body())))
                .containsEntry("pruned_checkpoints", tuples.size() - 1);
        var history = ask(new ThreadRequest.GetHistory(nextId(), THREAD, "gw", 100, null, null));
        var items = (List<Map<String, Object>>) Json.plain(Json.MAPPER.valueToTree(history.body()));
        assertThat(items).singleElement().satisfies(item -> assertThat((Map<String, Object>) item.get("checkpoint"))
                .containsEntry("checkpoint_id", tuples.getFirst().checkpoint().id()));
        assertThat(Json.plain(Json.MAPPER.valueToTree(ask(new ThreadRequest.GetState(nextId(), THREAD, "gw", null))
                .body()))).isEqualTo(Json.plain(Json.MAPPER.valueToTree(before)));
        assertThat(ask(new ThreadRequest.GetRun(nextId(), THREAD, "gw", "run-a")).outcome())
                .isEqualTo(Reply.Outcome.OK);
        assertThat(ask(new ThreadRequest.PruneThread(nextId(), OTHER_THREAD, "gw")).outcome())
                .isEqualTo(Reply.Outcome.NOT_FOUND);
    }

    @Test
    void aThreadIsDeletedWhenItsTtlPassesAndAPatchedTtlCountsFromThePatch() {
        ask(new ThreadRequest.CreateThread(nextId(), THREAD, "gw", Map.of(), "raise", clock.instant().toString(), 1.0));
        ask(new ThreadRequest.CreateThread(nextId(), OTHER_THREAD, "gw", Map.of(), "raise", clock.instant().toString(),
                1.0));
        leap(Duration.ofSeconds(30));
        ask(new ThreadRequest.PatchThread(nextId(), OTHER_THREAD, "gw", Map.of(), 1.0)); // now due at 90 s

        leap(Duration.ofSeconds(29));
        assertThat(ask(new ThreadRequest.GetThread(nextId(), THREAD, "gw")).outcome()).isEqualTo(Reply.Outcome.OK);

        leap(Duration.ofSeconds(2)); // 61 s: the first is gone, the patched one lives on
        assertThat(ask(new ThreadRequest.GetThread(nextId(), THREAD, "gw")).outcome())
                .isEqualTo(Reply.Outcome.NOT_FOUND);
        assertThat(ask(new ThreadRequest.GetThread(nextId(), OTHER_THREAD, "gw")).outcome())
                .isEqualTo(Reply.Outcome.OK);

        leap(Duration.ofSeconds(30)); // 91 s
        assertThat(ask(new ThreadRequest.GetThread(nextId(), OTHER_THREAD, "gw")).outcome())
                .isEqualTo(Reply.Outcome.NOT_FOUND);
    }

    @Test
    void aThreadWhoseTtlPassesWhileARunExecutesIsDeletedAndTheRunsWaitersAreAnswered() {
        ask(new ThreadRequest.CreateThread(nextId(), THREAD, "gw", Map.of(), "raise", clock.instant().toString(), 0.5));
        createRun("run-a", "enqueue", 0);
        events.readValuesToList();

        leap(Duration.ofSeconds(31));

        assertThat(cancelled).containsExactly("run-a:interrupt");
        assertThat(completedRunIds()).containsExactly("run-a");
        assertThat(ask(new ThreadRequest.GetRun(nextId(), THREAD, "gw", "run-a")).outcome())
                .isEqualTo(Reply.Outcome.NOT_FOUND);
    }

    private Reply createRun(String runId, String strategy, double afterSeconds) {
        return createRun(THREAD, runId, strategy, afterSeconds);
    }

    private Reply createRun(String threadId, String runId, String strategy, double afterSeconds) {
        var createdAt = clock.instant().plusMillis((long) (afterSeconds * 1000)).toString();
        var spec = new RunSpec(runId, "assistant", "echo", createdAt, Map.of(), Map.of("input", Map.of()), strategy,
                "create", afterSeconds, false, Map.of("graph_id", "echo"));
        return ask(new ThreadRequest.CreateRun(nextId(), threadId, "gw", spec));
    }

    private void finish(String runId, int attempt) {
        finish(runId, attempt, RunStatus.SUCCESS);
    }

    private void finish(String runId, int attempt, RunStatus status) {
        finish(THREAD, runId, attempt, status);
    }

    private void finish(String threadId, String runId, int attempt, RunStatus status) {
        finish(threadId, runId, attempt, dispatchIdOf(runId, attempt), status);
    }

    private void finish(String threadId, String runId, int attempt, String dispatchId, RunStatus status) {
        var outcome = new RunOutcome(status, Map.of("done", true), Map.of("done", true), Map.of(), false, null,
                clock.instant().toString(), clock.instant().toString());
        freeSlots++; // the execution ended: its slot is free before its end is reported
        progress.pipeInput(threadId, new RunProgress.RunFinished(threadId, runId, attempt, dispatchId, outcome));
    }

    /** An execution's end as it reports it: a success answers with its values (no result), a failure with its error. */
    private void finishWithValues(String runId, RunStatus status, Map<String, Object> values,
                                  List<RunProgress.SavedCheckpoint> checkpoints) {
        finishWithValues(runId, status, values, checkpoints, null);
    }

    /** As above, by an execution that started the offered successor {@code successor} (a dispatch id) at its end. */
    private void finishWithValues(String runId, RunStatus status, Map<String, Object> values,
                                  List<RunProgress.SavedCheckpoint> checkpoints, String successor) {
        var failed = status == RunStatus.ERROR;
        var error = Map.<String, Object>of("error", "E", "message", "m");
        var outcome = new RunOutcome(status, failed ? Map.of("__error__", error) : null, values, Map.of(), false,
                failed ? error : null, clock.instant().toString(), clock.instant().toString());
        freeSlots++;
        progress.pipeInput(THREAD, new RunProgress.RunFinished(THREAD, runId, 1, dispatchIdOf(runId, 1), outcome,
                checkpoints, successor));
    }

    /** The id of the run's dispatch under {@code attempt}, as an execution stamps its reports; "none" if never. */
    private String dispatchIdOf(String runId, int attempt) {
        return dispatched.stream().filter(d -> d.run().runId().equals(runId) && d.attempt() == attempt)
                .map(RunDispatcher.Dispatch::dispatchId).reduce((first, last) -> last).orElse("none");
    }

    private Reply ask(ThreadRequest request) {
        requests.pipeInput(request.threadId(), request);
        var all = replies.readValuesToList();
        return all.getLast();
    }

    /** The checkpoints an echo run on THREAD saves, oldest first, as an execution reports them with its end. */
    private static List<RunProgress.SavedCheckpoint> echoCheckpoints() {
        var saver = new InMemoryCheckpointSaver();
        ExampleGraphs.echo().invoke(Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))),
                RunConfig.forThread(THREAD), saver);
        return saver.list(THREAD, "", ListOptions.all()).reversed().stream()
                .map(tuple -> new RunProgress.SavedCheckpoint("", tuple.checkpoint().id(),
                        dev.kgraph.model.json.RawJson.of(CheckpointJson.toBytes(tuple)))).toList();
    }

    private RunOutcome succeeded() {
        return new RunOutcome(RunStatus.SUCCESS, Map.of("done", true), Map.of("done", true), Map.of(), false,
                null, clock.instant().toString(), clock.instant().toString());
    }

    private List<String> completedRunIds() {
        return events.readValuesToList().stream().filter(e -> e instanceof RunEvent.RunCompleted)
                .map(RunEvent::runId).toList();
    }

    /** The store of threads, their values, runs and checkpoints, read through {@link SequencerStores}' sections. */
    private KeyValueStore<String, byte[]> threadState() {
        return driver.getKeyValueStore(SequencerStores.THREAD_STATE);
    }

    private void advance(Duration duration) {
        for (long ms = 0; ms < duration.toMillis(); ms += 20) {
            clock.advance(Duration.ofMillis(20));
            driver.advanceWallClockTime(Duration.ofMillis(20));
        }
    }

    /** Moves time on in one step: a wall-clock punctuation fires once, seeing everything due by then. */
    private void leap(Duration duration) {
        clock.advance(duration);
        driver.advanceWallClockTime(duration);
    }

    private String nextId() {
        return "request-" + requestCount++;
    }

    /** A clock the test moves together with the driver's wall clock. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
