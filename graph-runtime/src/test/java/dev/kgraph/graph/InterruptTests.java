package dev.kgraph.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterruptTests {

    private final InMemoryCheckpointSaver saver = new InMemoryCheckpointSaver();

    private static CompiledGraph twoQuestions() {
        return new StateGraph().channel("answers", Channels.append())
                .addNode("ask2", (s, c) -> {
                    Object first = c.interrupt("first?");
                    Object second = c.interrupt("second?");
                    return Map.of("answers", List.of(first, second));
                })
                .addEdge(StateGraph.START, "ask2").compile();
    }

    private static CompiledGraph parallelQuestions() {
        Node asking = (s, c) -> Map.of("answers", List.of(c.node() + ":" + c.interrupt(c.node() + "?")));
        return new StateGraph().channel("answers", Channels.append())
                .addNode("p", asking).addNode("q", asking)
                .addEdge(StateGraph.START, "p").addEdge(StateGraph.START, "q").compile();
    }

    @Test
    void successiveInterruptsInOneNodeHaveDifferentIdsAndGetSuccessiveValues() {
        CompiledGraph g = twoQuestions();
        RunConfig cfg = RunConfig.forThread("m");
        RunResult first = g.invoke(Map.of(), cfg, saver);
        RunResult second = g.invoke(Command.resume("A"), cfg, saver);
        assertThat(second.status()).isEqualTo(RunResult.Status.INTERRUPTED);
        assertThat(second.interrupts().get(0).value()).isEqualTo("second?");
        assertThat(second.interrupts().get(0).id()).isNotEqualTo(first.interrupts().get(0).id());
        RunResult done = g.invoke(Command.resume("B"), cfg, saver);
        assertThat(done.values()).isEqualTo(Map.of("answers", List.of("A", "B")));
    }

    @Test
    void parallelInterruptsResumeTogetherByIdMap() {
        CompiledGraph g = parallelQuestions();
        RunConfig cfg = RunConfig.forThread("p1");
        RunResult r = g.invoke(Map.of(), cfg, saver);
        assertThat(r.interrupts()).extracting(Interrupt::value).containsExactly("p?", "q?");
        RunResult done = g.invoke(Command.resume(Map.of(r.interrupts().get(0).id(), "x", r.interrupts().get(1).id(), "y")),
                cfg, saver);
        assertThat(done.status()).isEqualTo(RunResult.Status.DONE);
        assertThat(done.values()).isEqualTo(Map.of("answers", List.of("p:x", "q:y")));
    }

    @Test
    void resumingOneOfTwoKeepsTheOtherPendingAndItsFinishedSiblingIsNotRerun() {
        CompiledGraph g = parallelQuestions();
        RunConfig cfg = RunConfig.forThread("p2");
        RunResult r = g.invoke(Map.of(), cfg, saver);
        RunResult partial = g.invoke(Command.resume(Map.of(r.interrupts().get(0).id(), "only-p")), cfg, saver);
        assertThat(partial.status()).isEqualTo(RunResult.Status.INTERRUPTED);
        assertThat(partial.next()).containsExactly("q");
        assertThat(g.getState(saver, "p2", null).values()).isEqualTo(Map.of("answers", List.of("p:only-p")));
        RunResult done = g.invoke(Command.resume(Map.of(partial.interrupts().get(0).id(), "later")), cfg, saver);
        assertThat(done.values()).isEqualTo(Map.of("answers", List.of("p:only-p", "q:later")));
    }
}
