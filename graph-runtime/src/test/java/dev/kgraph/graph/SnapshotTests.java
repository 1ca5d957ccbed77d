package dev.kgraph.graph;

import dev.kgraph.graph.examples.ExampleGraphs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotTests {

    private final InMemoryCheckpointSaver saver = new InMemoryCheckpointSaver();

    @Test
    void graphFreeSnapshotOfTheLatestTupleMatchesGetStateForOrdinaryThreads() {
        CompiledGraph counter = ExampleGraphs.counter();
        counter.invoke(Map.of(), RunConfig.builder().threadId("c").interruptBefore(List.of("b")).build(), saver);
        CompiledGraph hitl = ExampleGraphs.hitl();
        hitl.invoke(Map.of("question", "q"), RunConfig.forThread("h"), saver);
        CompiledGraph fail = ExampleGraphs.fail();
        fail.invoke(Map.of("x", 1), RunConfig.forThread("f"), saver);

        assertThat(StateSnapshots.ofLatest(saver.get("c", "", null).orElseThrow()).toJson())
                .isEqualTo(counter.getState(saver, "c", null).toJson());
        assertThat(StateSnapshots.ofLatest(saver.get("h", "", null).orElseThrow()).toJson())
                .isEqualTo(hitl.getState(saver, "h", null).toJson());
        assertThat(StateSnapshots.ofLatest(saver.get("f", "", null).orElseThrow()).toJson())
                .isEqualTo(fail.getState(saver, "f", null).toJson());
        assertThat(StateSnapshots.ofAll(saver.list("c", "", ListOptions.all())))
                .extracting(StateSnapshot::toJson)
                .containsExactlyElementsOf(counter.getStateHistory(saver, "c", ListOptions.all()).stream()
                        .map(StateSnapshot::toJson).toList());
    }

    @Test
    void jsonShapesFollowThePlatformApi() {
        ExampleGraphs.hitl().invoke(Map.of("question", "q"), RunConfig.forThread("j"), saver);
        StateSnapshot s = ExampleGraphs.hitl().getState(saver, "j", null);
        Map<String, Object> task = s.tasks().get(0).toJson();
        assertThat(new ArrayList<>(task.keySet()))
                .containsExactly("id", "name", "error", "interrupts", "path", "checkpoint", "state", "result");
        assertThat(task.get("path")).isEqualTo(List.of("__pregel_pull", "ask"));
        assertThat((List<?>) task.get("interrupts")).singleElement()
                .isEqualTo(Map.of("value", Map.of("question", "q"), "id", s.interrupts().get(0).id()));
        assertThat(s.checkpoint().toJson()).containsEntry("thread_id", "j").containsEntry("checkpoint_ns", "")
                .containsEntry("checkpoint_map", null);
        assertThat(s.toJsonWithInterrupts()).containsKey("interrupts");
    }

    @Test
    void unknownThreadGivesTheEmptySnapshot() {
        StateSnapshot s = ExampleGraphs.echo().getState(saver, "nobody", null);
        assertThat(s.toJson()).isEqualTo(StateSnapshot.empty().toJson()).doesNotContainKey("metadata");
        assertThat(s.toJson()).containsEntry("values", Map.of()).containsEntry("checkpoint", null);
    }

    @Test
    void exitDurabilityKeepsTheThreadResumableAfterAnInterrupt() {
        RunConfig exit = RunConfig.builder().threadId("x").durability(Durability.EXIT).build();
        CompiledGraph hitl = ExampleGraphs.hitl();
        RunResult r = hitl.invoke(Map.of("question", "q"), exit, saver);
        assertThat(saver.list("x", "", ListOptions.all())).hasSize(1);
        assertThat(hitl.getState(saver, "x", null).interrupts()).containsExactlyElementsOf(r.interrupts());
        RunResult done = hitl.invoke(Command.resume("a"), exit, saver);
        assertThat(done.values()).isEqualTo(Map.of("question", "q", "answer", "a"));
        List<CheckpointTuple> history = saver.list("x", "", ListOptions.all());
        assertThat(history).hasSize(2);
        assertThat(history.get(0).parentCheckpointId()).isEqualTo(history.get(1).checkpointId());
    }
}
