package dev.kgraph.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.graph.CheckpointDeltas;
import dev.kgraph.graph.examples.ExampleGraphs;
import dev.kgraph.model.events.RunEvent;
import dev.kgraph.model.progress.RunProgress;
import dev.kgraph.model.runs.Run;
import dev.kgraph.model.runs.RunStatus;
import dev.kgraph.worker.graphs.GraphProvider;
import dev.kgraph.worker.graphs.GraphRegistry;
import dev.kgraph.worker.sequencer.RunDispatcher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A chat on one thread, run after run, with a store that keeps each reported end's checkpoints as sent (as the
 * thread's writer does): each run continues from the previous one's state, the checkpoints are stored as what was
 * appended, and a run on a worker that ran the thread before does not read the stored state back.
 */
class ThreadStateAcrossRunsTests {
    private static final String THREAD = "00000000-0000-0000-0000-000000000001";

    private final MockProducer<String, Object> producer = new MockProducer<>(true, null,
            (topic, key) -> new byte[0], (topic, value) -> new byte[0]);
    /** The thread's stored checkpoints, and the reads of them by id (the bases a stored delta continues). */
    private final StoredCheckpoints stored = new StoredCheckpoints();
    private final List<RunExecutor> executors = new ArrayList<>();
    /** Values handed to a caller in this process ({@code withLocalWaiters}), by dispatch id. */
    private final Map<String, RunEvent.RunValues> handed = new java.util.concurrent.ConcurrentHashMap<>();
    private int runs;

    @AfterEach
    void stop() throws InterruptedException {
        for (var executor : executors) {
            executor.close();
        }
    }

    @Test
    void eachRunContinuesThePreviousOnesStateAndAWorkerThatRanTheThreadDoesNotReadItBack() {
        var worker = executor();
        var expected = new ArrayList<Object>();
        for (int i = 0; i < 30; i++) {
            expected.add("m" + i);
            expected.add("echo: m" + i);
            assertThat(contents(run(worker, "m" + i))).as("run %d", i).isEqualTo(expected);
        }
        assertThat(stored.byId.values().stream().filter(CheckpointDeltas::isDelta).count()).isGreaterThan(60);
        // the first runs stored whole lists, the later ones deltas: the worker never read a base back
        assertThat(stored.readsById).hasValue(0);

        var another = executor(); // the thread's partition moved: this worker has nothing of it in memory
        expected.add("m30");
        expected.add("echo: m30");
        assertThat(contents(run(another, "m30"))).isEqualTo(expected);
        assertThat(stored.readsById).hasPositiveValue();
        stored.readsById.set(0);
        expected.add("m31");
        expected.add("echo: m31");
        assertThat(contents(run(another, "m31"))).isEqualTo(expected);
        assertThat(stored.readsById).hasValue(0);
    }

    @Test
    void aChatsValuesGoToTheGatewaysOnceAheadOfItsEndReportOnceTheyAreLarge() {
        var worker = executor();
        run(worker, "hi");
        var small = finished().getLast();
        assertThat(small.valuesSent()).isFalse(); // a new thread's few bytes ride with the end report
        assertThat(small.outcome().values()).isNotNull();

        for (int i = 0; i < 12; i++) {
            run(worker, "a longer message, number " + i);
        }
        var end = finished().getLast();
        assertThat(end.valuesSent()).isTrue();
        assertThat(end.outcome().values()).isNull();
        var values = valuesSentBy(end.dispatchId());
        assertThat(values.runId()).isEqualTo(end.runId());
        assertThat(values.threadId()).isEqualTo(THREAD);
        assertThat(contents(values.values())).hasSize(26).endsWith("echo: a longer message, number 11");
        // on kgraph.events, keyed by thread like the writer's completion, and sent before the end report
        var topics = producer.history().stream().map(r -> r.topic() + "/" + r.key()).toList();
        var valuesAt = producer.history().stream().map(r -> r.value()).toList().indexOf(values);
        assertThat(topics.get(valuesAt)).isEqualTo("kgraph.events/" + THREAD);
        assertThat(valuesAt).isLessThan(producer.history().stream().map(r -> r.value()).toList().indexOf(end));
    }

    @Test
    void aCallerWaitingInThisProcessIsHandedTheValuesAndNothingCrossesKafka() {
        var worker = executor();
        var declined = new java.util.concurrent.atomic.AtomicBoolean();
        // the standalone server's gateway takes the values of the runs it has callers for
        worker.withLocalWaiters(values -> !declined.get() && handed.put(values.dispatchId(), values) == null);
        for (int i = 0; i < 12; i++) {
            run(worker, "a longer message, number " + i);
        }
        var end = finished().getLast();
        assertThat(end.valuesSent()).isTrue();
        assertThat(end.outcome().values()).isNull();
        assertThat(contents(handed.get(end.dispatchId()).values())).hasSize(24)
                .endsWith("echo: a longer message, number 11");
        assertThat(producer.history().stream().map(r -> r.value()).filter(RunEvent.RunValues.class::isInstance))
                .isEmpty();

        declined.set(true); // nobody waits here for the next run: its values go on kgraph.events
        run(worker, "nobody waits here");
        var next = finished().getLast();
        assertThat(next.valuesSent()).isTrue();
        assertThat(contents(valuesSentBy(next.dispatchId()).values())).endsWith("echo: nobody waits here");
    }

    @Test
    void aRunWithAWebhookKeepsItsValuesInItsEndReport() {
        var worker = executor();
        for (int i = 0; i < 12; i++) {
            run(worker, "a longer message, number " + i);
        }
        run(worker, "with a webhook", Map.of("webhook", "https://example.com/hook"));

        var end = finished().getLast();
        assertThat(end.valuesSent()).isFalse(); // the writer builds the delivery from them
        assertThat(contents(end.outcome().values())).hasSize(26);
    }

    @Test
    void aStoredLatestCheckpointOtherThanTheOneLeftInMemoryIsReadFromTheStore() {
        var worker = executor();
        for (int i = 0; i < 10; i++) {
            run(worker, "m" + i);
        }
        // something else (a state update, another worker) stored a newer checkpoint with a different conversation
        var other = executor();
        run(other, "from elsewhere");
        stored.readsById.set(0);
        var messages = contents(run(worker, "back"));
        assertThat(messages).hasSize(24).endsWith("from elsewhere", "echo: from elsewhere", "back", "echo: back");
        assertThat(stored.readsById).hasPositiveValue();
    }

    /** Runs {@code echo} with one message on the thread, stores its reported checkpoints; its final values. */
    private Map<String, Object> run(RunExecutor executor, String content) {
        return run(executor, content, Map.of());
    }

    /** As above, with {@code kwargs} besides the input. */
    private Map<String, Object> run(RunExecutor executor, String content, Map<String, Object> kwargs) {
        int n = ++runs;
        var now = "2026-12-05T00:00:00Z";
        var allKwargs = new java.util.HashMap<String, Object>(kwargs);
        allKwargs.put("input", Map.of("messages", List.of(Map.of("role", "user", "content", content))));
        var run = new Run("00000000-0000-0000-0000-%012d".formatted(n), THREAD, "echo-assistant", now, now,
                RunStatus.RUNNING, Map.of(), allKwargs, "enqueue");
        executor.tryDispatch(new RunDispatcher.Dispatch(run, "echo", 1, "dispatch-" + n, 0, false));
        await().atMost(Duration.ofSeconds(10)).until(() -> finished().size() == n);
        var end = finished().getLast();
        assertThat(end.outcome().status()).isEqualTo(RunStatus.SUCCESS);
        stored.keep(end);
        return end.valuesSent() ? valuesOf(end.dispatchId()) : end.outcome().values();
    }

    /** The final values the execution of {@code dispatchId} sent on Kafka, or handed to a caller here. */
    private Map<String, Object> valuesOf(String dispatchId) {
        var local = handed.get(dispatchId);
        return local != null ? local.values() : valuesSentBy(dispatchId).values();
    }

    /** The final values the execution of {@code dispatchId} sent to the gateways itself. */
    private RunEvent.RunValues valuesSentBy(String dispatchId) {
        return producer.history().stream().map(r -> r.value()).filter(RunEvent.RunValues.class::isInstance)
                .map(RunEvent.RunValues.class::cast).filter(v -> v.dispatchId().equals(dispatchId))
                .reduce((first, last) -> { throw new AssertionError("values sent twice"); }).orElseThrow();
    }

    private List<RunProgress.RunFinished> finished() {
        return producer.history().stream().map(r -> r.value()).filter(RunProgress.RunFinished.class::isInstance)
                .map(RunProgress.RunFinished.class::cast).toList();
    }

    private static List<Object> contents(Map<String, Object> values) {
        return ((List<?>) values.get("messages")).stream().<Object>map(m -> ((Map<?, ?>) m).get("content")).toList();
    }

    private RunExecutor executor() {
        var echo = GraphProvider.of("echo", ExampleGraphs.echo());
        var executor = new RunExecutor(new GraphRegistry(List.of(echo)), new ProgressPublisher(producer), stored,
                Clock.systemUTC(), 4, Duration.ofMinutes(1), () -> false);
        executors.add(executor);
        return executor;
    }
}
