package dev.kgraph.graph;

import dev.kgraph.graph.examples.ExampleGraphs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CancellationTests {

    private final InMemoryCheckpointSaver saver = new InMemoryCheckpointSaver();

    @Test
    void cancellingASleepingNodeDiscardsItsStepAndLeavesTheThreadResumable() throws Exception {
        CountDownLatch sleeping = new CountDownLatch(1);
        CompiledGraph g = new StateGraph().channel("ms", Channels.lastValue()).channel("done", Channels.lastValue())
                .addNode("sleep", (s, c) -> {
                    sleeping.countDown();
                    c.sleep(java.time.Duration.ofMillis(((Number) s.get("ms")).longValue()));
                    return Map.of("done", true);
                })
                .addEdge(StateGraph.START, "sleep").compile();
        CancellationToken token = CancellationToken.create();
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> g.invoke(Map.of("ms", 60_000),
                RunConfig.forThread("c"), saver, StreamListener.NONE, token));
        assertThat(sleeping.await(10, TimeUnit.SECONDS)).isTrue();
        token.cancel();
        RunResult r = run.get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(RunResult.Status.CANCELLED);
        assertThat(r.next()).containsExactly("sleep");
        StateSnapshot s = g.getState(saver, "c", null);
        assertThat(s.values()).isEqualTo(Map.of("ms", 60_000));
        assertThat(s.next()).containsExactly("sleep");

        g.updateState(saver, RunConfig.forThread("c"), Map.of("ms", 1), StateGraph.START);
        RunResult resumed = g.invoke(null, RunConfig.forThread("c"), saver);
        assertThat(resumed.status()).isEqualTo(RunResult.Status.DONE);
        assertThat(resumed.values()).containsEntry("done", true);
    }

    @Test
    void cancellingInterruptsParallelNodesThatIgnoreTheFlag() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        Node blocking = (s, c) -> {
            started.countDown();
            new CountDownLatch(1).await();
            return Map.of("log", List.of(c.node()));
        };
        CompiledGraph g = new StateGraph().channel("log", Channels.append())
                .addNode("x", blocking).addNode("y", blocking)
                .addEdge(StateGraph.START, "x").addEdge(StateGraph.START, "y").compile();
        CancellationToken token = CancellationToken.create();
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> g.invoke(Map.of(),
                RunConfig.forThread("p"), saver, StreamListener.NONE, token));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        token.cancel();
        RunResult r = run.get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(RunResult.Status.CANCELLED);
        assertThat(g.getState(saver, "p", null).next()).containsExactly("x", "y");
        assertThat(saver.get("p", "", null).orElseThrow().pendingWrites()).isEmpty();
    }

    @Test
    void aRunCancelledBeforeItStartsRunsNothing() {
        CancellationToken token = CancellationToken.create();
        token.cancel();
        RunResult r = ExampleGraphs.counter().invoke(Map.of(), RunConfig.forThread("b"), saver, StreamListener.NONE, token);
        assertThat(r.status()).isEqualTo(RunResult.Status.CANCELLED);
        assertThat(ExampleGraphs.counter().getState(saver, "b", null).next()).containsExactly("__start__");
    }
}
