package dev.kgraph.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.graph.CancellationToken;
import dev.kgraph.graph.Channels;
import dev.kgraph.graph.CompiledGraph;
import dev.kgraph.graph.InMemoryCheckpointSaver;
import dev.kgraph.graph.RunConfig;
import dev.kgraph.graph.StateGraph;
import dev.kgraph.graph.examples.ExampleGraphs;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class StreamTranslatorTests {

    private static List<StreamTranslator.Frame> stream(CompiledGraph graph, Object input, Set<String> modes,
                                                       boolean subgraphs, RunConfig config) {
        var translator = new StreamTranslator(modes, subgraphs, Map.of("run_id", "r1"), Clock.systemUTC());
        var frames = new ArrayList<StreamTranslator.Frame>();
        graph.invoke(input, config, new InMemoryCheckpointSaver(), event -> {
            synchronized (frames) {
                frames.addAll(translator.translate(event));
            }
        }, CancellationToken.NONE);
        return frames;
    }

    private static List<String> names(List<StreamTranslator.Frame> frames) {
        return frames.stream().map(StreamTranslator.Frame::event).toList();
    }

    @Test
    void onlyTheRequestedModesAreProducedInStepOrder() {
        var frames = stream(ExampleGraphs.counter(), Map.of(), Set.of("values", "updates"), false,
                RunConfig.forThread("t"));

        assertThat(names(frames)).containsExactly("updates", "values", "updates", "values");
        assertThat(frames.get(0).data()).isEqualTo(Map.of("a", Map.of("count", 1, "log", List.of("a"))));
        assertThat(frames.get(3).data()).isEqualTo(Map.of("count", 2, "log", List.of("a", "b")));
    }

    @Test
    void anInterruptIsAnUpdatesEventWhenUpdatesIsRequestedElseAValuesEvent() {
        var withUpdates = stream(ExampleGraphs.hitl(), Map.of("question", "q"), Set.of("updates"), false,
                RunConfig.forThread("t"));
        var valuesOnly = stream(ExampleGraphs.hitl(), Map.of("question", "q"), Set.of("values"), false,
                RunConfig.forThread("t"));

        assertThat(withUpdates).singleElement().satisfies(f -> {
            assertThat(f.event()).isEqualTo("updates");
            assertThat((Map<String, Object>) f.data()).containsOnlyKeys("__interrupt__");
        });
        assertThat(names(valuesOnly)).containsExactly("values", "values");
        assertThat((Map<String, Object>) valuesOnly.get(1).data()).containsOnlyKeys("__interrupt__");
    }

    @Test
    void aStaticBreakpointShowsAnEmptyInterruptOnlyToUpdates() {
        var updates = new StreamTranslator(Set.of("updates"), false, Map.of(), Clock.systemUTC());
        var values = new StreamTranslator(Set.of("values"), false, Map.of(), Clock.systemUTC());

        assertThat(updates.staticBreakpoint()).singleElement()
                .isEqualTo(new StreamTranslator.Frame("updates", Map.of("__interrupt__", List.of())));
        assertThat(values.staticBreakpoint()).isEmpty();
    }

    @Test
    void messagesModesShowChunksPartialsAndTheCompleteMessage() {
        var input = Map.of("messages", List.of(Map.of("role", "user", "content", "hi")));
        var tuples = stream(ExampleGraphs.chat(), input, Set.of("messages-tuple"), false, RunConfig.defaults());
        var messages = stream(ExampleGraphs.chat(), input, Set.of("messages"), false, RunConfig.defaults());

        assertThat(names(tuples)).containsOnly("messages").hasSize(3); // "You ", "said: ", "hi"
        assertThat(((List<?>) tuples.getFirst().data())).hasSize(2);
        assertThat(names(messages)).containsExactly("messages/metadata", "messages/partial", "messages/partial",
                "messages/partial", "messages/complete");
        var lastPartial = (Map<String, Object>) ((List<?>) messages.get(3).data()).getFirst();
        assertThat(lastPartial.get("content")).isEqualTo("You said: hi");
        var complete = (Map<String, Object>) ((List<?>) messages.get(4).data()).getFirst();
        assertThat(complete.get("id")).isEqualTo(lastPartial.get("id"));
    }

    @Test
    void subgraphEventsAreNamedWithTheirNamespaceOnlyWhenAskedFor() {
        CompiledGraph child = new StateGraph().channel("x", Channels.lastValue())
                .addNode("inner", (s, c) -> {
                    c.emit("from-inner");
                    return Map.of("x", 1);
                })
                .addEdge(StateGraph.START, "inner").compile();
        CompiledGraph parent = new StateGraph().channel("x", Channels.lastValue())
                .addNode("child", child)
                .addEdge(StateGraph.START, "child").compile();

        var with = stream(parent, Map.of(), Set.of("updates", "custom"), true, RunConfig.forThread("t"));
        var without = stream(parent, Map.of(), Set.of("updates", "custom"), false, RunConfig.forThread("t"));

        assertThat(names(with)).anySatisfy(n -> assertThat(n).matches("custom\\|child:[0-9a-f-]+"))
                .anySatisfy(n -> assertThat(n).matches("updates\\|child:[0-9a-f-]+"))
                .contains("updates");
        assertThat(names(without)).containsExactly("updates");
    }

    @Test
    void tasksAndDebugFollowTheReferenceShapes() {
        var frames = stream(ExampleGraphs.counter(), Map.of(), Set.of("tasks", "debug", "checkpoints"), false,
                RunConfig.forThread("t"));

        var tasks = frames.stream().filter(f -> f.event().equals("tasks")).toList();
        assertThat(tasks).hasSize(4);
        assertThat((Map<String, Object>) tasks.get(0).data()).containsKeys("id", "name", "input", "triggers", "interrupts");
        assertThat((Map<String, Object>) tasks.get(1).data()).containsKeys("id", "name", "result", "interrupts", "error");
        var debugTypes = frames.stream().filter(f -> f.event().equals("debug"))
                .map(f -> String.valueOf(((Map<?, ?>) f.data()).get("type"))).toList();
        assertThat(debugTypes).contains("checkpoint", "task", "task_result");
        var checkpoint = frames.stream().filter(f -> f.event().equals("checkpoints")).findFirst().orElseThrow();
        assertThat((Map<String, Object>) checkpoint.data()).containsOnlyKeys("config", "parent_config", "values",
                "metadata", "next", "tasks");
        var debugCheckpoint = frames.stream().filter(f -> f.event().equals("debug")
                && "checkpoint".equals(((Map<?, ?>) f.data()).get("type"))).findFirst().orElseThrow();
        assertThat((Map<String, Object>) ((Map<?, ?>) debugCheckpoint.data()).get("payload"))
                .containsKeys("checkpoint", "parent_checkpoint");
    }

    @Test
    void aTasksUpdateComesBeforeItsResultAndAStepsValuesBeforeItsCheckpoint() {
        var frames = stream(ExampleGraphs.counter(), Map.of("count", 0), Set.of("values", "updates", "tasks",
                "checkpoints"), false, RunConfig.forThread("t"));

        // LangGraph's order (pinned against LangGraph.js by GoldenStreamTests): checkpoint, values, checkpoint, ...
        assertThat(names(frames)).containsExactly("checkpoints", "values", "checkpoints", "tasks", "updates", "tasks",
                "values", "checkpoints", "tasks", "updates", "tasks", "values", "checkpoints");
    }

    @Test
    void anInterruptedTaskHasAnEmptyResultAfterItsInterruptUpdate() {
        var frames = stream(ExampleGraphs.hitl(), Map.of("question", "q"), Set.of("updates", "tasks"), false,
                RunConfig.forThread("t"));

        assertThat(names(frames)).containsExactly("tasks", "updates", "tasks");
        assertThat((Map<String, Object>) frames.get(2).data()).containsEntry("result", Map.of());
    }
}
