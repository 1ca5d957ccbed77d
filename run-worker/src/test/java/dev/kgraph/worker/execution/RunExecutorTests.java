package dev.kgraph.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.graph.CheckpointJson;
import dev.kgraph.graph.CheckpointTuple;
import dev.kgraph.graph.InMemoryCheckpointSaver;
import dev.kgraph.graph.ListOptions;
import dev.kgraph.graph.examples.ExampleGraphs;
import dev.kgraph.model.progress.RunProgress;
import dev.kgraph.model.runs.Run;
import dev.kgraph.model.runs.RunStatus;
import dev.kgraph.worker.checkpoints.CheckpointSource;
import dev.kgraph.worker.graphs.GraphProvider;
import dev.kgraph.worker.graphs.GraphRegistry;
import dev.kgraph.worker.sequencer.RunDispatcher;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The executor against a recording producer: what it reports for a dispatch, given what the thread has stored. */
class RunExecutorTests {
    private static final String THREAD = "00000000-0000-0000-0000-000000000001";
    private static final String RUN = "00000000-0000-0000-0000-0000000000aa";

    private final MockProducer<String, Object> producer = new MockProducer<>(true, null,
            (topic, key) -> new byte[0], (topic, value) -> new byte[0]);
    private RunExecutor executor;
    /** Queries of the thread's stored checkpoints (by id or the latest) the executions made. */
    private final java.util.concurrent.atomic.AtomicInteger storeQueries = new java.util.concurrent.atomic.AtomicInteger();

    @AfterEach
    void stop() throws InterruptedException {
        if (executor != null) {
            executor.close();
        }
    }

    @Test
    void aFirstDispatchWhoseRunHadAlreadyStoredACheckpointContinuesFromItInsteadOfApplyingItsInputAgain() {
        // the run's first execution stored its input checkpoint, then a crash undid the dispatch (not the checkpoint)
        var run = echoRun();
        var firstExecution = new InMemoryCheckpointSaver();
        ExampleGraphs.echo().invoke(Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))),
                RunInputs.config(run, "echo", 1, true), firstExecution);
        var inputCheckpoint = firstExecution.list(THREAD, "", ListOptions.all()).getLast();
        assertThat(inputCheckpoint.metadata().source()).isEqualTo("input");
        executor = executorOver(inputCheckpoint);

        // the replayed decision dispatches it again under the same attempt
        executor.tryDispatch(new RunDispatcher.Dispatch(run, "echo", 1, "second-dispatch", 0, false));

        var reports = awaitEnd();
        var checkpoints = checkpointsOf(reports);
        assertThat(checkpoints).isNotEmpty().allSatisfy(tuple -> {
            assertThat(tuple.metadata().source()).isNotEqualTo("input");
            assertThat(tuple.metadata().extra()).containsEntry("run_attempt", 2); // its second execution
        });
        assertThat(checkpoints.getFirst().parentCheckpointId()).isEqualTo(inputCheckpoint.checkpoint().id());
        assertThat(reports).allSatisfy(r -> assertThat(r.dispatchId()).isEqualTo("second-dispatch"));
        var finished = (RunProgress.RunFinished) reports.getLast();
        assertThat(finished.outcome().status()).isEqualTo(RunStatus.SUCCESS);
    }

    @Test
    void aFirstDispatchOnAThreadWithoutCheckpointsOfItsOwnStartsFromTheInput() {
        executor = executorOver(null);

        executor.tryDispatch(new RunDispatcher.Dispatch(echoRun(), "echo", 1, "first-dispatch", 0, false));

        var reports = awaitEnd();
        var tuple = checkpointsOf(reports).getFirst();
        assertThat(tuple.metadata().source()).isEqualTo("input");
        assertThat(tuple.metadata().extra()).containsEntry("run_attempt", 1);
    }

    @Test
    void aRunOnAThreadItsOwnDispatchCreatedStartsFromTheInputWithoutQueryingTheStore() {
        executor = executorOver(null);

        executor.tryDispatch(new RunDispatcher.Dispatch(echoRun(), "echo", 1, "first-dispatch", 0, false, true));

        var reports = awaitEnd();
        assertThat(checkpointsOf(reports).getFirst().metadata().source()).isEqualTo("input");
        assertThat(((RunProgress.RunFinished) reports.getLast()).outcome().status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(storeQueries).hasValue(0);
    }

    @Test
    void aRunOnAThreadWithHistoryReadsTheStoredLatestCheckpointOnceAndContinuesFromIt() {
        // a previous run of the thread left its final checkpoint in the store
        var previousRun = new InMemoryCheckpointSaver();
        var previous = runOf("echo", Map.of("messages", List.of(Map.of("role", "user", "content", "first"))));
        ExampleGraphs.echo().invoke(Map.of("messages", List.of(Map.of("role", "user", "content", "first"))),
                RunInputs.config(new Run("00000000-0000-0000-0000-0000000000bb", THREAD, previous.assistantId(),
                        previous.createdAt(), previous.updatedAt(), previous.status(), previous.metadata(),
                        previous.kwargs(), previous.multitaskStrategy()), "echo", 1, true), previousRun);
        executor = executorOver(previousRun.list(THREAD, "", ListOptions.all()).getFirst());

        executor.tryDispatch(new RunDispatcher.Dispatch(echoRun(), "echo", 1, "first-dispatch", 0, false));

        var reports = awaitEnd();
        var finished = (RunProgress.RunFinished) reports.getLast();
        assertThat(finished.outcome().status()).isEqualTo(RunStatus.SUCCESS);
        // the thread's history plus this run's input and answer
        assertThat(checkpointsOf(reports).getLast().checkpoint().channelValues().get("messages"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(4);
        assertThat(storeQueries).hasValue(1); // not once for the executor and again for the graph
    }

    @Test
    void aShortRunUnderAsyncDurabilityReportsItsCheckpointsWithItsEndInOneRecord() {
        executor = executorOver(null);

        executor.tryDispatch(new RunDispatcher.Dispatch(echoRun(), "echo", 1, "first-dispatch", 0, false));

        var reports = awaitEnd();
        assertThat(reports).hasSize(1);
        var finished = (RunProgress.RunFinished) reports.getFirst();
        // input, after __start__, after echo: each once, at its latest version (writes folded in), oldest first
        assertThat(checkpointsOf(reports)).extracting(tuple -> tuple.metadata().step()).containsExactly(-1, 0, 1);
        assertThat(finished.checkpoints()).extracting(RunProgress.SavedCheckpoint::checkpointId).doesNotHaveDuplicates();
        assertThat(finished.outcome().status()).isEqualTo(RunStatus.SUCCESS);
    }

    @Test
    void aRunStillExecutingAfterTheHoldBackSendsItsCheckpointsBeforeItsEnd() {
        executor = executorOver(null, "slow", ExampleGraphs.slow()).withCheckpointHoldBack(Duration.ofMillis(20));
        var run = runOf("slow", Map.of("ms", 1_000));

        executor.tryDispatch(new RunDispatcher.Dispatch(run, "slow", 1, "first-dispatch", 0, false));

        // while the node sleeps, the checkpoints before it are already on their way
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().stream()
                .anyMatch(r -> r.value() instanceof RunProgress.CheckpointSaved));
        assertThat(producer.history()).noneMatch(r -> r.value() instanceof RunProgress.RunFinished);
        var reports = awaitEnd();
        assertThat(checkpointsOf(reports)).extracting(tuple -> tuple.metadata().step()).containsExactly(-1, 0, 1);
        assertThat(reports.getLast()).isInstanceOf(RunProgress.RunFinished.class);
    }

    @Test
    void aRunThatEndedLeavesNoTimerBehind() {
        // each run's timeout (an hour) is cancelled when it ends; a cancelled timer used to stay queued for the hour
        executor = executorOver(null);

        executor.tryDispatch(new RunDispatcher.Dispatch(echoRun(), "echo", 1, "first-dispatch", 0, false));

        awaitEnd();
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.pendingTimers() == 0);
    }

    @Test
    void aFreedSlotGoesToTheRunWaitingLongestNotToOneCreatedLater() {
        executor = executorOver(null, "slow", ExampleGraphs.slow());
        for (int i = 1; i <= 4; i++) { // the pool's four slots: one frees soon, the others later
            assertThat(executor.tryDispatch(slowDispatch(i, i == 1 ? 300 : 10_000))).isTrue();
        }
        var older = slowDispatch(5, 0);
        var newer = slowDispatch(6, 0);
        assertThat(executor.tryDispatch(older)).isFalse(); // full: both wait in their threads' queues
        assertThat(executor.tryDispatch(newer)).isFalse();

        await().atMost(Duration.ofSeconds(10)).until(executor::hasCapacity);

        assertThat(executor.tryDispatch(newer)).isFalse(); // a burst's later arrival: the slot is the older run's
        assertThat(executor.tryDispatch(older)).isTrue(); // its graph returns at once, freeing the slot again
        await().atMost(Duration.ofSeconds(10)).until(executor::hasCapacity);
        assertThat(executor.tryDispatch(newer)).isTrue();
        assertThat(executor.waitingForSlot()).isZero();
    }

    @Test
    void runsCreatedWithinAFractionOfASecondOfEachOtherCountAsSimultaneous() {
        var created = java.util.UUID.fromString("01a23a82-a13a-7000-90c1-57d740cdb98e");
        long millis = created.getMostSignificantBits() >>> 16;
        var bound = java.util.UUID.fromString(RunExecutor.olderThan(created.toString()));

        assertThat(bound.getMostSignificantBits() >>> 16).isEqualTo(millis - RunExecutor.ORDER_TOLERANCE_MS);
        assertThat(bound.toString()).isLessThan(created.toString());
        assertThat(RunExecutor.olderThan("run-a")).isEqualTo("run-a"); // not a UUID v7: strict order
    }

    @Test
    void aWaitingRunNoLongerOfferedIsForgottenOnceSlotsStayFree() {
        executor = executorOver(null, "slow", ExampleGraphs.slow());
        for (int i = 1; i <= 4; i++) {
            executor.tryDispatch(slowDispatch(i, i == 1 ? 200 : 10_000));
        }
        assertThat(executor.tryDispatch(slowDispatch(5, 0))).isFalse(); // then cancelled while pending: never offered
        await().atMost(Duration.ofSeconds(10)).until(executor::hasCapacity);

        var later = slowDispatch(6, 0);
        assertThat(executor.tryDispatch(later)).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.tryDispatch(later)); // after the grace period
    }

    @Test
    void executionsInFlightTellRetriesOfACutAttemptFromFirstAttempts() {
        executor = executorOver(null, "slow", ExampleGraphs.slow());

        executor.tryDispatch(slowDispatch(1, 10_000));
        executor.tryDispatch(retried(slowDispatch(2, 10_000)));
        executor.tryDispatch(retried(slowDispatch(3, 10_000)));

        assertThat(executor.inFlight()).isEqualTo(3);
        assertThat(executor.retriesInFlight()).isEqualTo(2);
        executor.cancel(slowDispatch(2, 0).run().runId(), "interrupt");
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.retriesInFlight() == 1);
        assertThat(executor.inFlight()).isEqualTo(2);
    }

    /** The same dispatch as the second attempt of its run (the first was cut by a crash). */
    private static RunDispatcher.Dispatch retried(RunDispatcher.Dispatch first) {
        return new RunDispatcher.Dispatch(first.run(), first.graphId(), 2, first.dispatchId() + "-again",
                first.partition(), first.temporary());
    }

    @Test
    void underSyncDurabilityEveryCheckpointIsSentAtOnce() {
        executor = executorOver(null);
        var run = runOf("echo", Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))));
        var sync = new Run(run.runId(), run.threadId(), run.assistantId(), run.createdAt(), run.updatedAt(),
                run.status(), run.metadata(), withDurability(run.kwargs(), "sync"), run.multitaskStrategy());

        executor.tryDispatch(new RunDispatcher.Dispatch(sync, "echo", 1, "first-dispatch", 0, false));

        var reports = awaitEnd();
        assertThat(reports.subList(0, reports.size() - 1)).allMatch(RunProgress.CheckpointSaved.class::isInstance);
        assertThat(((RunProgress.RunFinished) reports.getLast()).checkpoints()).isEmpty();
        assertThat(checkpointsOf(reports)).extracting(tuple -> tuple.metadata().step()).contains(-1, 0, 1);
    }

    private static Map<String, Object> withDurability(Map<String, Object> kwargs, String durability) {
        var copy = new java.util.HashMap<>(kwargs);
        copy.put("durability", durability);
        return copy;
    }

    /** Every checkpoint the reports carry, sent alone or with the run's end, in the order they were reported. */
    private static List<CheckpointTuple> checkpointsOf(List<RunProgress> reports) {
        var tuples = new java.util.ArrayList<CheckpointTuple>();
        for (var report : reports) {
            switch (report) {
                case RunProgress.CheckpointSaved saved -> tuples.add(tupleOf(saved.tuple()));
                case RunProgress.RunFinished finished ->
                        finished.checkpoints().forEach(saved -> tuples.add(CheckpointJson.fromBytes(
                                saved.tuple().bytes())));
            }
        }
        // a checkpoint sent again with writes replaces its earlier version
        var latest = new java.util.LinkedHashMap<String, CheckpointTuple>();
        tuples.forEach(tuple -> latest.put(tuple.checkpoint().id(), tuple));
        return List.copyOf(latest.values());
    }

    private static CheckpointTuple tupleOf(tools.jackson.databind.JsonNode tree) {
        return CheckpointJson.fromBytes(dev.kgraph.model.json.Json.MAPPER.writeValueAsBytes(tree));
    }

    /** A dispatch of graph slow on a thread of its own; its run id is a UUID v7 created {@code n} seconds in. */
    private static RunDispatcher.Dispatch slowDispatch(int n, long ms) {
        var now = "2026-12-02T00:00:00Z";
        var runId = new java.util.UUID(((1_700_000_000_000L + n * 1000L) << 16) | 0x7000L, 0x8000000000000000L);
        var run = new Run(runId.toString(), "00000000-0000-0000-0000-%012d".formatted(n),
                "slow-assistant", now, now, RunStatus.RUNNING, Map.of(), Map.of("input", Map.of("ms", ms)), "reject");
        return new RunDispatcher.Dispatch(run, "slow", 1, "dispatch-" + n, 0, false);
    }

    private static Run echoRun() {
        return runOf("echo", Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))));
    }

    private static Run runOf(String graph, Map<String, Object> input) {
        var now = "2026-12-02T00:00:00Z";
        return new Run(RUN, THREAD, graph + "-assistant", now, now, RunStatus.RUNNING, Map.of(),
                Map.of("input", input), "reject");
    }

    /** An executor of {@code echo} whose thread has {@code stored} as its only checkpoint (none when null). */
    private RunExecutor executorOver(CheckpointTuple stored) {
        return executorOver(stored, "echo", ExampleGraphs.echo());
    }

    private RunExecutor executorOver(CheckpointTuple stored, String graphId, dev.kgraph.graph.CompiledGraph compiled) {
        var source = new CheckpointSource() {
            @Override
            public Optional<byte[]> read(int partition, String threadId, String checkpointNs, String checkpointId) {
                storeQueries.incrementAndGet();
                return stored != null && stored.checkpoint().id().equals(checkpointId)
                        ? Optional.of(CheckpointJson.toBytes(stored)) : Optional.empty();
            }

            @Override
            public Optional<byte[]> readLatest(int partition, String threadId, String checkpointNs) {
                storeQueries.incrementAndGet();
                return Optional.ofNullable(stored).map(CheckpointJson::toBytes);
            }
        };
        var echo = GraphProvider.of(graphId, compiled);
        return new RunExecutor(new GraphRegistry(List.of(echo)), new ProgressPublisher(producer), source,
                Clock.systemUTC(), 4, Duration.ofMinutes(1), () -> false);
    }

    /** Every report, once the run's end was reported. */
    private List<RunProgress> awaitEnd() {
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().stream()
                .anyMatch(r -> r.value() instanceof RunProgress.RunFinished));
        return producer.history().stream().map(ProducerRecord::value).filter(RunProgress.class::isInstance)
                .map(RunProgress.class::cast).toList();
    }
}
