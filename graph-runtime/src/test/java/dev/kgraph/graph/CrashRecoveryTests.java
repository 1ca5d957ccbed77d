package dev.kgraph.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.graph.examples.ExampleGraphs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link CompiledGraph#continueAfterCrash}: what a worker does with a run whose execution died. The thread is put
 * in the state a dead execution leaves behind (its checkpoints saved up to some step, nothing after), then continued.
 * The counter graph runs {@code a} then {@code b}, each adding 1 to {@code count} and its name to {@code log}.
 */
class CrashRecoveryTests {

    private final InMemoryCheckpointSaver saver = new InMemoryCheckpointSaver();
    private final CompiledGraph counter = ExampleGraphs.counter();

    @Test
    void aRunThatDiedBetweenStepsRunsOnlyWhatWasLeftAndAppliesItsInputOnce() {
        // the checkpoint saved after step "a", with "b" still to run: the state a crash during "b" leaves
        counter.invoke(Map.of("count", 0), config("t1").interruptAfter(List.of("a")).build(), saver);

        RunResult continued = counter.continueAfterCrash(config("t1").build(), saver, StreamListener.NONE,
                CancellationToken.NONE);

        assertThat(continued.status()).isEqualTo(RunResult.Status.DONE);
        assertThat(continued.values()).isEqualTo(Map.of("count", 2, "log", List.of("a", "b")));
        var sources = history("t1").stream().map(s -> s.metadata().get("source")).toList();
        assertThat(sources).containsExactly("loop", "loop", "loop", "input"); // newest first: b, a, the input's step 0
    }

    @Test
    void aRunThatHadStoppedAtABreakpointBeforeANodeStopsThereAgain() {
        var stopBeforeB = config("t2").interruptBefore(List.of("b")).build();
        counter.invoke(Map.of("count", 0), stopBeforeB, saver);
        int checkpoints = history("t2").size();

        RunResult continued = counter.continueAfterCrash(stopBeforeB, saver, StreamListener.NONE,
                CancellationToken.NONE);

        assertThat(continued.status()).isEqualTo(RunResult.Status.INTERRUPTED);
        assertThat(continued.next()).containsExactly("b");
        assertThat(continued.values()).isEqualTo(Map.of("count", 1, "log", List.of("a")));
        assertThat(history("t2")).hasSize(checkpoints);
        // whereas a user's "continue" (null input) passes the breakpoint, as in LangGraph
        assertThat(counter.invoke(null, stopBeforeB, saver).values())
                .isEqualTo(Map.of("count", 2, "log", List.of("a", "b")));
    }

    @Test
    void aRunThatHadStoppedAtABreakpointAfterANodeStopsThereAgain() {
        var stopAfterA = config("t3").interruptAfter(List.of("a")).build();
        counter.invoke(Map.of("count", 0), stopAfterA, saver);

        RunResult continued = counter.continueAfterCrash(stopAfterA, saver, StreamListener.NONE,
                CancellationToken.NONE);

        assertThat(continued.status()).isEqualTo(RunResult.Status.INTERRUPTED);
        assertThat(continued.values()).isEqualTo(Map.of("count", 1, "log", List.of("a")));
    }

    @Test
    void aRunThatHadFinishedReportsItsFinalValuesWithoutRunningAnything() {
        counter.invoke(Map.of("count", 0), config("t4").build(), saver);
        int checkpoints = history("t4").size();

        RunResult continued = counter.continueAfterCrash(config("t4").build(), saver, StreamListener.NONE,
                CancellationToken.NONE);

        assertThat(continued.status()).isEqualTo(RunResult.Status.DONE);
        assertThat(continued.values()).isEqualTo(Map.of("count", 2, "log", List.of("a", "b")));
        assertThat(history("t4")).hasSize(checkpoints);
    }

    private static RunConfig.Builder config(String threadId) {
        return RunConfig.forThread(threadId).toBuilder();
    }

    private List<StateSnapshot> history(String threadId) {
        return counter.getStateHistory(saver, threadId, ListOptions.all());
    }
}
