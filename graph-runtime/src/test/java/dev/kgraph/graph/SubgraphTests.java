package dev.kgraph.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SubgraphTests {

    private final InMemoryCheckpointSaver saver = new InMemoryCheckpointSaver();

    private static CompiledGraph inner() {
        return new StateGraph().channel("log", Channels.lastValue()).channel("answer", Channels.lastValue())
                .addNode("ask", (s, c) -> Map.of("answer", c.interrupt("inner?")))
                .addNode("mark", (s, c) -> Map.of("log", "inner:" + s.get("answer")))
                .addSequence(List.of(StateGraph.START, "ask", "mark")).compile();
    }

    private static CompiledGraph outer() {
        return new StateGraph().channel("log", Channels.lastValue()).channel("answer", Channels.lastValue())
                .addNode("sub", inner())
                .addNode("after", (s, c) -> Map.of("log", s.get("log") + "+after"))
                .addSequence(List.of(StateGraph.START, "sub", "after")).compile();
    }

    @Test
    void subgraphInterruptSurfacesInTheParentAndResumesInside() {
        CompiledGraph g = outer();
        List<StreamEvent> events = new CopyOnWriteArrayList<>();
        RunResult r = g.invoke(Map.of(), RunConfig.forThread("s"), saver, events::add, CancellationToken.NONE);
        assertThat(r.status()).isEqualTo(RunResult.Status.INTERRUPTED);
        assertThat(r.interrupts()).extracting(Interrupt::value).containsExactly("inner?");
        assertThat(r.next()).containsExactly("sub");
        assertThat(events).filteredOn(e -> e instanceof TaskStartedEvent t && t.name().equals("ask"))
                .allSatisfy(e -> assertThat(e.namespace()).singleElement().asString().startsWith("sub:"));

        TaskView subTask = g.getState(saver, "s", null).tasks().get(0);
        assertThat(subTask.state()).isEqualTo(Map.of("configurable",
                Map.of("thread_id", "s", "checkpoint_ns", "sub:" + subTask.id())));

        RunResult done = g.invoke(Command.resume("42"), RunConfig.forThread("s"), saver);
        assertThat(done.status()).isEqualTo(RunResult.Status.DONE);
        assertThat(done.values()).isEqualTo(Map.of("log", "inner:42+after", "answer", "42"));
    }

    @Test
    void subgraphInterruptResumesByIdAndItsCheckpointsLinkToTheParent() {
        CompiledGraph g = outer();
        RunResult r = g.invoke(Map.of(), RunConfig.forThread("id"), saver);
        String parentCheckpoint = r.lastCheckpoint().checkpointId();
        String taskId = r.lastCheckpoint().next().get(0).id();
        List<CheckpointTuple> inner = saver.list("id", "sub:" + taskId, ListOptions.all());
        assertThat(inner).isNotEmpty().allSatisfy(t -> assertThat(t.metadata().parents()).containsEntry("", parentCheckpoint));

        RunResult done = g.invoke(Command.resume(Map.of(r.interrupts().get(0).id(), "by-id")), RunConfig.forThread("id"), saver);
        assertThat(done.values()).containsEntry("log", "inner:by-id+after");
    }
}
