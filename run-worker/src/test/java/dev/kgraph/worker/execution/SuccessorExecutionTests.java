package dev.kgraph.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.graph.Channels;
import dev.kgraph.graph.CompiledGraph;
import dev.kgraph.graph.StateGraph;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs queued on a busy thread, offered to the executing run as its successors: each starts from its predecessor's
 * final state the moment that one ends, before the writer has stored anything of it, and every report says which
 * successor its execution started.
 */
class SuccessorExecutionTests {
    private static final String THREAD = "00000000-0000-0000-0000-000000000001";

    private final MockProducer<String, Object> producer = new MockProducer<>(true, null,
            (topic, key) -> new byte[0], (topic, value) -> new byte[0]);
    /** Reads of the thread's stored checkpoints where the writer stores nothing ({@link #executor()}). */
    private final AtomicInteger storeReads = new AtomicInteger();
    /** Holds the node of a run whose message is "hold" until released. */
    private final CountDownLatch release = new CountDownLatch(1);
    private RunExecutor executor;

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        executor.close();
    }

    @Test
    void eachSuccessorStartsFromItsPredecessorsFinalStateAndEachEndNamesTheSuccessorItStarted() {
        executor = executor();
        executor.tryDispatch(dispatch(1, "hold", true));
        await().atMost(Duration.ofSeconds(10)).until(() -> executor.inFlight() == 1);

        // offers follow the end of the chain only
        assertThat(executor.offerSuccessor(runId(1), "dispatch-1", dispatch(2, "two", false))).isTrue();
        assertThat(executor.offerSuccessor(runId(1), "dispatch-1", dispatch(9, "not after the last", false)))
                .isFalse();
        assertThat(executor.offerSuccessor(runId(2), "dispatch-2", dispatch(3, "three", false))).isTrue();
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> finished().size() == 3);
        var ends = finished();
        assertThat(ends).extracting(RunProgress.RunFinished::runId).containsExactly(runId(1), runId(2), runId(3));
        assertThat(ends).extracting(RunProgress.RunFinished::successor)
                .containsExactly("dispatch-2", "dispatch-3", null);
        assertThat(ends).extracting(e -> e.outcome().status()).containsOnly(RunStatus.SUCCESS);
        // the last run saw the whole conversation, though nothing was ever stored for the thread to read back
        assertThat(contents(ends.getLast().outcome().values()))
                .containsExactly("hold", "echo: hold", "two", "echo: two", "three", "echo: three");
        assertThat(storeReads).hasValue(0);
        // each run's records follow its predecessor's end on the topic
        var order = producer.history().stream().map(r -> ((RunProgress) r.value()).runId()).toList();
        assertThat(order.lastIndexOf(runId(1))).isLessThan(order.indexOf(runId(2)));
        assertThat(order.lastIndexOf(runId(2))).isLessThan(order.indexOf(runId(3)));
        assertThat(executor.inFlight()).isZero();
    }

    @Test
    void aRunThatFailsStartsNoSuccessorAndRevokedOffersAreNotStarted() {
        executor = executor();
        executor.tryDispatch(dispatch(1, "hold fail", true));
        await().atMost(Duration.ofSeconds(10)).until(() -> executor.inFlight() == 1);
        assertThat(executor.offerSuccessor(runId(1), "dispatch-1", dispatch(2, "two", false))).isTrue();
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> finished().size() == 1);
        assertThat(finished().getFirst().outcome().status()).isEqualTo(RunStatus.ERROR);
        assertThat(finished().getFirst().successor()).isNull();
        assertThat(executor.inFlight()).isZero(); // a started successor would be executing before the end was sent

        // a revoked offer is dropped: the run it follows ends without starting it
        var holdAgain = new CountDownLatch(1);
        held = holdAgain;
        executor.tryDispatch(dispatch(3, "hold", false));
        await().atMost(Duration.ofSeconds(10)).until(() -> executor.inFlight() == 1);
        assertThat(executor.offerSuccessor(runId(3), "dispatch-3", dispatch(4, "four", false))).isTrue();
        executor.revokeSuccessors(THREAD, java.util.Set.of("dispatch-4"));
        holdAgain.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> finished().size() == 2);
        assertThat(finished().getLast().successor()).isNull();
        assertThat(executor.inFlight()).isZero();
    }

    @Test
    void aRunDispatchedAfterAChainOfSuccessorsTakesTheChainsLastStateFromMemory() {
        // a store that keeps each reported end's checkpoints as sent, as the thread's writer does
        var stored = new StoredCheckpoints();
        executor = executor(stored);
        executor.tryDispatch(dispatch(1, "hold", true));
        await().atMost(Duration.ofSeconds(10)).until(() -> executor.inFlight() == 1);
        for (int n = 2; n <= 12; n++) {
            assertThat(executor.offerSuccessor(runId(n - 1), "dispatch-" + (n - 1), dispatch(n, "m" + n, false)))
                    .isTrue();
        }
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> finished().size() == 12);
        assertThat(finished()).extracting(RunProgress.RunFinished::successor).hasSize(12)
                .endsWith(new String[] {"dispatch-12", null}); // each started the next
        finished().forEach(stored::keep);
        // stored as appended to an earlier checkpoint: decoding it from the store would read that one by id
        assertThat(dev.kgraph.graph.CheckpointDeltas.isDelta(stored.byId.lastEntry().getValue())).isTrue();

        executor.tryDispatch(dispatch(13, "the usual way", false)); // the writer dispatched the next run itself
        await().atMost(Duration.ofSeconds(10)).until(() -> finished().size() == 13);

        assertThat(stored.readsById).as("the chain's last checkpoint came from memory, not decoded from the store")
                .hasValue(0);
        assertThat(contents(valuesOf(finished().getLast()))).hasSize(26).endsWith("the usual way",
                "echo: the usual way");
    }

    /** A run's final values: in its end report, or sent apart on {@code kgraph.events} when large. */
    private Map<String, Object> valuesOf(RunProgress.RunFinished end) {
        return !end.valuesSent() ? end.outcome().values() : producer.history().stream().map(r -> r.value())
                .filter(dev.kgraph.model.events.RunEvent.RunValues.class::isInstance)
                .map(dev.kgraph.model.events.RunEvent.RunValues.class::cast)
                .filter(v -> v.dispatchId().equals(end.dispatchId())).findFirst().orElseThrow().values();
    }

    /** The latch the "hold" node waits on. */
    private volatile CountDownLatch held = release;

    /** {@code echo}, whose node waits for {@link #held} when the last message starts with "hold" and fails on "fail". */
    private CompiledGraph gate() {
        return new StateGraph()
                .channel("messages", Channels.append())
                .addNode("echo", (state, ctx) -> {
                    var messages = (List<?>) state.get("messages");
                    var content = String.valueOf(((Map<?, ?>) messages.getLast()).get("content"));
                    if (content.startsWith("hold") && !held.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                    if (content.endsWith("fail")) {
                        throw new IllegalStateException("failed on purpose");
                    }
                    return Map.of("messages", List.of(Map.of("role", "ai", "content", "echo: " + content)));
                })
                .addEdge(StateGraph.START, "echo")
                .addEdge("echo", StateGraph.END)
                .compile();
    }

    private RunExecutor executor() {
        return executor(new CheckpointSource() {
            @Override
            public Optional<byte[]> read(int partition, String threadId, String checkpointNs, String checkpointId) {
                storeReads.incrementAndGet();
                return Optional.empty();
            }

            @Override
            public Optional<byte[]> readLatest(int partition, String threadId, String checkpointNs) {
                storeReads.incrementAndGet();
                return Optional.empty();
            }
        });
    }

    private RunExecutor executor(CheckpointSource source) {
        return new RunExecutor(new GraphRegistry(List.of(GraphProvider.of("gate", gate()))),
                new ProgressPublisher(producer), source, Clock.systemUTC(), 4, Duration.ofMinutes(1), () -> false);
    }

    private static RunDispatcher.Dispatch dispatch(int n, String content, boolean newThread) {
        var now = "2026-12-05T00:00:00Z";
        var run = new Run(runId(n), THREAD, "gate-assistant", now, now, RunStatus.RUNNING, Map.of(),
                Map.of("input", Map.of("messages", List.of(Map.of("role", "user", "content", content)))), "enqueue");
        return new RunDispatcher.Dispatch(run, "gate", 1, "dispatch-" + n, 0, false, newThread);
    }

    private static String runId(int n) {
        return "00000000-0000-0000-0000-%012d".formatted(n);
    }

    private List<RunProgress.RunFinished> finished() {
        return producer.history().stream().map(r -> r.value()).filter(RunProgress.RunFinished.class::isInstance)
                .map(RunProgress.RunFinished.class::cast).toList();
    }

    private static List<Object> contents(Map<String, Object> values) {
        return ((List<?>) values.get("messages")).stream().<Object>map(m -> ((Map<?, ?>) m).get("content")).toList();
    }
}
