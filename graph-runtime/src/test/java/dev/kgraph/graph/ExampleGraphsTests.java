package dev.kgraph.graph;

import dev.kgraph.graph.examples.ExampleGraphs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleGraphsTests {

    private final InMemoryCheckpointSaver saver = new InMemoryCheckpointSaver();

    @Test
    void echoAppendsAnAnswerAndAccumulatesAcrossTurns() {
        CompiledGraph g = ExampleGraphs.echo();
        RunConfig cfg = RunConfig.forThread("t1");
        RunResult first = g.invoke(Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))), cfg, saver);
        assertThat(first.status()).isEqualTo(RunResult.Status.DONE);
        assertThat(first.values()).isEqualTo(Map.of("messages", List.of(
                Map.of("role", "user", "content", "hi"), Map.of("role", "ai", "content", "echo: hi"))));
        RunResult second = g.invoke(Map.of("messages", List.of(Map.of("role", "user", "content", "again"))), cfg, saver);
        assertThat((List<?>) second.values().get("messages")).hasSize(4);
    }

    @Test
    void counterHistoryHasOneCheckpointPerSuperstepNewestFirst() {
        CompiledGraph g = ExampleGraphs.counter();
        RunResult r = g.invoke(Map.of(), RunConfig.forThread("c"), saver);
        assertThat(r.values()).isEqualTo(Map.of("count", 2, "log", List.of("a", "b")));
        List<StateSnapshot> history = g.getStateHistory(saver, "c", ListOptions.all());
        assertThat(history).extracting(s -> s.metadata().get("step")).containsExactly(2, 1, 0, -1);
        assertThat(history).extracting(s -> s.metadata().get("source")).containsExactly("loop", "loop", "loop", "input");
        assertThat(history).extracting(StateSnapshot::next)
                .containsExactly(List.of(), List.of("b"), List.of("a"), List.of("__start__"));
        assertThat(history.get(3).values()).isEqualTo(Map.of("count", 0, "log", List.of()));
        assertThat(history.get(1).values()).isEqualTo(Map.of("count", 1, "log", List.of("a")));
        assertThat(history.get(1).tasks().get(0).result()).isEqualTo(Map.of("count", 1, "log", List.of("b")));
        for (int i = 0; i < 3; i++) {
            assertThat(history.get(i).parentCheckpoint().checkpointId())
                    .isEqualTo(history.get(i + 1).checkpoint().checkpointId());
        }
        assertThat(history.get(3).parentCheckpoint()).isNull();
        assertThat(history.get(0).checkpoint().checkpointId()).isGreaterThan(history.get(1).checkpoint().checkpointId());
    }

    @Test
    void hitlInterruptsWithAnIdAndResumesWithAValue() {
        CompiledGraph g = ExampleGraphs.hitl();
        RunConfig cfg = RunConfig.forThread("h");
        RunResult r = g.invoke(Map.of("question", "name?"), cfg, saver);
        assertThat(r.status()).isEqualTo(RunResult.Status.INTERRUPTED);
        assertThat(r.interrupts()).hasSize(1);
        assertThat(r.interrupts().get(0).id()).matches("[0-9a-f]{32}");
        assertThat(r.interrupts().get(0).value()).isEqualTo(Map.of("question", "name?"));
        assertThat(r.next()).containsExactly("ask");
        StateSnapshot state = g.getState(saver, "h", null);
        assertThat(state.values()).isEqualTo(Map.of("question", "name?"));
        assertThat(state.next()).containsExactly("ask");
        assertThat(state.tasks().get(0).interrupts()).containsExactlyElementsOf(r.interrupts());
        assertThat(StateSnapshots.ofLatest(r.lastCheckpoint()).toJson()).isEqualTo(state.toJson());

        RunResult resumed = g.invoke(Command.resume("forty-two"), cfg, saver);
        assertThat(resumed.status()).isEqualTo(RunResult.Status.DONE);
        assertThat(resumed.values()).isEqualTo(Map.of("question", "name?", "answer", "forty-two"));
        assertThat(g.getState(saver, "h", null).next()).isEmpty();
    }

    @Test
    void hitlResumesByInterruptId() {
        CompiledGraph g = ExampleGraphs.hitl();
        RunConfig cfg = RunConfig.forThread("h2");
        RunResult r = g.invoke(Map.of("question", "q"), cfg, saver);
        String id = r.interrupts().get(0).id();
        RunResult resumed = g.invoke(Command.resume(Map.of(id, "by-id")), cfg, saver);
        assertThat(resumed.values()).isEqualTo(Map.of("question", "q", "answer", "by-id"));
    }

    @Test
    void hitlResumeWithUpdateAppliesBoth() {
        CompiledGraph g = ExampleGraphs.hitl();
        RunConfig cfg = RunConfig.forThread("h3");
        g.invoke(Map.of("question", "name?"), cfg, saver);
        RunResult r = g.invoke(new Command("r", Map.of("question", "updated"), null), cfg, saver);
        assertThat(r.values()).isEqualTo(Map.of("question", "updated", "answer", "r"));
    }

    @Test
    void hitlWithoutSaverFailsLikeLangGraph() {
        RunResult r = ExampleGraphs.hitl().invoke(Map.of("question", "q"));
        assertThat(r.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(r.error().type()).isEqualTo("GraphValueError");
        assertThat(r.error().message()).contains("No checkpointer set");
    }

    @Test
    void failEndsInErrorAndTheTaskShowsIt() {
        CompiledGraph g = ExampleGraphs.fail();
        RunResult r = g.invoke(Map.of("x", 1), RunConfig.forThread("f"), saver);
        assertThat(r.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(r.error()).isEqualTo(new ErrorInfo("IllegalStateException", "boom"));
        assertThat(r.values()).isEqualTo(Map.of("x", 1));
        StateSnapshot s = g.getState(saver, "f", null);
        assertThat(s.next()).containsExactly("fail");
        assertThat(s.tasks().get(0).error()).isEqualTo("{\"message\":\"boom\",\"name\":\"IllegalStateException\"}");
    }

    @Test
    void wrongInputKindIsAnInvalidUpdateError() {
        RunResult r = ExampleGraphs.counter().invoke("hello", RunConfig.forThread("w"), saver);
        assertThat(r.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(r.error().type()).isEqualTo("InvalidUpdateError");
        assertThat(r.error().message()).startsWith("Expected node \"__start__\" to return an object");
    }

    @Test
    void statelessRunNeedsNoSaver() {
        RunResult r = ExampleGraphs.counter().invoke(Map.of());
        assertThat(r.values()).isEqualTo(Map.of("count", 2, "log", List.of("a", "b")));
        assertThat(r.lastCheckpoint().threadId()).isNull();
    }
}
