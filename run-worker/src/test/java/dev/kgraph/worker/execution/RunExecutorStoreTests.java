package dev.kgraph.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.graph.CheckpointJson;
import dev.kgraph.graph.CheckpointTuple;
import dev.kgraph.graph.InMemoryCheckpointSaver;
import dev.kgraph.graph.ListOptions;
import dev.kgraph.graph.examples.ExampleGraphs;
import dev.kgraph.graph.store.InMemoryStore;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every execution's nodes get the worker's store: a fresh run, and a run continuing from its own checkpoint. */
class RunExecutorStoreTests {
    private static final String THREAD = "00000000-0000-0000-0000-000000000001";
    private static final String RUN = "00000000-0000-0000-0000-0000000000aa";

    private final MockProducer<String, Object> producer = new MockProducer<>(true, null,
            (topic, key) -> new byte[0], (topic, value) -> new byte[0]);
    private final InMemoryStore store = new InMemoryStore();
    private RunExecutor executor;

    @AfterEach
    void stop() throws InterruptedException {
        if (executor != null) {
            executor.close();
        }
    }

    @Test
    void aFreshRunsNodesWriteToTheWorkersStore() {
        executor = executorOver(null);

        executor.tryDispatch(new RunDispatcher.Dispatch(memoryRun(), "memory", 1, "first", 0, false));

        assertThat(awaitOutcome()).isEqualTo(RunStatus.SUCCESS);
        assertThat(store.search(List.of("memories", "ann"), null, 10, 0)).hasSize(1);
    }

    @Test
    void aRunContinuingFromItsOwnCheckpointStillHasTheStore() {
        // its first execution stored the input checkpoint, then a crash undid the dispatch
        var run = memoryRun();
        var firstExecution = new InMemoryCheckpointSaver();
        ExampleGraphs.memory().invoke(RunInputs.input(run.kwargs()),
                RunInputs.config(run, "memory", 1, true).toBuilder().store(new InMemoryStore()).build(),
                firstExecution);
        var inputCheckpoint = firstExecution.list(THREAD, "", ListOptions.all()).getLast();
        executor = executorOver(inputCheckpoint);

        executor.tryDispatch(new RunDispatcher.Dispatch(run, "memory", 1, "again", 0, false));

        assertThat(awaitOutcome()).isEqualTo(RunStatus.SUCCESS);
        assertThat(store.search(List.of("memories", "ann"), null, 10, 0)).hasSize(1);
    }

    private static Run memoryRun() {
        var now = "2026-12-02T00:00:00Z";
        return new Run(RUN, THREAD, "memory-assistant", now, now, RunStatus.RUNNING, Map.of(),
                Map.of("input", Map.of("messages", List.of(Map.of("role", "user", "content", "remember tea"))),
                        "context", Map.of("user_id", "ann")), "reject");
    }

    private RunExecutor executorOver(CheckpointTuple stored) {
        var source = new CheckpointSource() {
            @Override
            public Optional<byte[]> read(int partition, String threadId, String checkpointNs, String checkpointId) {
                return stored != null && stored.checkpoint().id().equals(checkpointId)
                        ? Optional.of(CheckpointJson.toBytes(stored)) : Optional.empty();
            }

            @Override
            public Optional<byte[]> readLatest(int partition, String threadId, String checkpointNs) {
                return Optional.ofNullable(stored).map(CheckpointJson::toBytes);
            }
        };
        var memory = GraphProvider.of("memory", ExampleGraphs.memory());
        return new RunExecutor(new GraphRegistry(List.of(memory)), new ProgressPublisher(producer), source,
                Clock.systemUTC(), 4, Duration.ofMinutes(1), () -> false).withStore(store);
    }

    private RunStatus awaitOutcome() {
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().stream()
                .anyMatch(r -> r.value() instanceof RunProgress.RunFinished));
        return producer.history().stream().map(r -> r.value()).filter(RunProgress.RunFinished.class::isInstance)
                .map(r -> ((RunProgress.RunFinished) r).outcome().status()).findFirst().orElseThrow();
    }
}
