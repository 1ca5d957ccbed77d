package dev.kgraph.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The README's authoring example, kept compiling and behaving as the README says. */
class ReadmeExampleTests {

    static CompiledGraph graph() {
        return new StateGraph()
                .channel("question", Channels.lastValue())
                .channel("drafts", Channels.append())
                .channel("reviews", Channels.sum())
                .addNode("write", (state, ctx) -> Map.of("drafts", "draft for " + state.get("question")))
                .addNode("review", (state, ctx) -> {
                    Object verdict = ctx.interrupt(Map.of("draft", ((List<?>) state.get("drafts")).getLast()));
                    return "ok".equals(verdict) ? Map.of("reviews", 1) : new Command(null, Map.of("reviews", 1), "write");
                }, List.of("write"))
                .addNode("publish", (state, ctx) -> {
                    ctx.emit(Map.of("published", true));
                    return null;
                })
                .addEdge(StateGraph.START, "write")
                .addConditionalEdges("write", (state, ctx) -> ((Number) state.get("reviews")).intValue() < 3 ? "review" : "skip",
                        Map.of("review", "review", "skip", "publish"))
                .addConditionalEdges("review", (state, ctx) -> "publish")
                .addEdge("publish", StateGraph.END)
                .compile();
    }

    @Test
    void exampleInterruptsForReviewThenPublishes() {
        CompiledGraph graph = graph();
        CheckpointSaver saver = new InMemoryCheckpointSaver();
        RunConfig config = RunConfig.builder().threadId("thread-1").recursionLimit(25).build();
        List<StreamEvent> events = new CopyOnWriteArrayList<>();

        RunResult first = graph.invoke(Map.of("question", "why?"), config, saver, events::add, CancellationToken.NONE);
        assertThat(first.status()).isEqualTo(RunResult.Status.INTERRUPTED);
        assertThat(first.next()).containsExactly("review");
        assertThat(first.interrupts().get(0).value()).isEqualTo(Map.of("draft", "draft for why?"));

        RunResult done = graph.invoke(Command.resume(Map.of(first.interrupts().get(0).id(), "ok")), config, saver,
                events::add, CancellationToken.NONE);
        assertThat(done.status()).isEqualTo(RunResult.Status.DONE);
        assertThat(done.values()).isEqualTo(Map.of("question", "why?", "drafts", List.of("draft for why?"), "reviews", 1));
        assertThat(events).filteredOn(CustomEvent.class::isInstance).hasSize(1);
        assertThat(graph.getStateHistory(saver, "thread-1", ListOptions.limit(10)))
                .extracting(s -> s.metadata().get("step")).containsExactly(3, 2, 1, 0, -1);
    }

    @Test
    void rejectingTheDraftLoopsBackToWrite() {
        CompiledGraph graph = graph();
        CheckpointSaver saver = new InMemoryCheckpointSaver();
        RunConfig config = RunConfig.forThread("t");
        graph.invoke(Map.of("question", "q"), config, saver);
        RunResult again = graph.invoke(Command.resume("no"), config, saver);
        assertThat(again.status()).isEqualTo(RunResult.Status.INTERRUPTED);
        assertThat(again.values()).containsEntry("drafts", List.of("draft for q", "draft for q"));
    }
}
