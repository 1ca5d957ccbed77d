package dev.kgraph.graph;

import dev.kgraph.graph.examples.ExampleGraphs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeTravelTests {

    private final InMemoryCheckpointSaver saver = new InMemoryCheckpointSaver();
    private final CompiledGraph counter = ExampleGraphs.counter();

    private StateSnapshot historyEntryWithNext(String thread, String node) {
        return counter.getStateHistory(saver, thread, ListOptions.all()).stream()
                .filter(s -> s.next().equals(List.of(node))).findFirst().orElseThrow();
    }

    @Test
    void replayFromAnOlderCheckpointForksWithParentLinks() {
        counter.invoke(Map.of(), RunConfig.forThread("r"), saver);
        StateSnapshot beforeB = historyEntryWithNext("r", "b");
        RunResult replay = counter.invoke(null,
                RunConfig.builder().threadId("r").checkpointId(beforeB.checkpoint().checkpointId()).build(), saver);
        assertThat(replay.values()).isEqualTo(Map.of("count", 2, "log", List.of("a", "b")));
        List<StateSnapshot> history = counter.getStateHistory(saver, "r", ListOptions.all());
        assertThat(history).hasSize(6);
        assertThat(history.get(1).metadata()).containsEntry("source", "fork");
        assertThat(history.get(1).parentCheckpoint().checkpointId()).isEqualTo(beforeB.checkpoint().checkpointId());
        assertThat(history.get(0).parentCheckpoint().checkpointId()).isEqualTo(history.get(1).checkpoint().checkpointId());
    }

    @Test
    void replayWithNewInputRunsAFreshPassOnTopOfThatCheckpoint() {
        counter.invoke(Map.of(), RunConfig.forThread("ri"), saver);
        StateSnapshot beforeB = historyEntryWithNext("ri", "b");
        RunResult r = counter.invoke(Map.of("count", 10),
                RunConfig.builder().threadId("ri").checkpointId(beforeB.checkpoint().checkpointId()).build(), saver);
        assertThat(r.values()).isEqualTo(Map.of("count", 13, "log", List.of("a", "a", "b")));
    }

    @Test
    void updateStateAsNodeSchedulesItsSuccessors() {
        counter.invoke(Map.of(), RunConfig.builder().threadId("u").interruptBefore(List.of("b")).build(), saver);
        CheckpointTuple updated = counter.updateState(saver, RunConfig.forThread("u"), Map.of("count", 10), "a");
        assertThat(updated.metadata().source()).isEqualTo("update");
        StateSnapshot s = counter.getState(saver, "u", null);
        assertThat(s.values()).isEqualTo(Map.of("count", 11, "log", List.of("a")));
        assertThat(s.next()).containsExactly("b");
        RunResult r = counter.invoke(null, RunConfig.forThread("u"), saver);
        assertThat(r.values()).isEqualTo(Map.of("count", 12, "log", List.of("a", "b")));
    }

    @Test
    void updateStateOnAnOlderCheckpointForksFromIt() {
        counter.invoke(Map.of(), RunConfig.forThread("f"), saver);
        StateSnapshot beforeB = historyEntryWithNext("f", "b");
        CheckpointTuple fork = counter.updateState(saver,
                RunConfig.builder().threadId("f").checkpointId(beforeB.checkpoint().checkpointId()).build(),
                Map.of("log", List.of("x")), "a");
        assertThat(fork.parentCheckpointId()).isEqualTo(beforeB.checkpoint().checkpointId());
        RunResult r = counter.invoke(null, RunConfig.forThread("f"), saver);
        assertThat(r.values()).isEqualTo(Map.of("count", 2, "log", List.of("a", "x", "b")));
    }

    @Test
    void updateStateWithoutAsNodeUsesTheLastNodeThatRan() {
        counter.invoke(Map.of(), RunConfig.forThread("d"), saver);
        counter.updateState(saver, RunConfig.forThread("d"), Map.of("count", 5), null);
        StateSnapshot s = counter.getState(saver, "d", null);
        assertThat(s.values()).containsEntry("count", 7);
        assertThat(s.next()).isEmpty();
        assertThat(s.metadata()).containsEntry("source", "update").containsEntry("step", 3);
    }
}
