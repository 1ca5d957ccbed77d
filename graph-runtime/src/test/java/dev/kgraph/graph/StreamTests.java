package dev.kgraph.graph;

import dev.kgraph.graph.examples.ExampleGraphs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StreamTests {

    @Test
    void valuesUpdatesTasksAndCheckpointsArriveInStepOrder() {
        List<StreamEvent> events = new CopyOnWriteArrayList<>();
        ExampleGraphs.counter().invoke(Map.of(), RunConfig.forThread("e"), new InMemoryCheckpointSaver(), events::add,
                CancellationToken.NONE);
        assertThat(events).filteredOn(ValuesEvent.class::isInstance).extracting(e -> ((ValuesEvent) e).values())
                .containsExactly(Map.of("count", 1, "log", List.of("a")), Map.of("count", 2, "log", List.of("a", "b")));
        assertThat(events).filteredOn(UpdatesEvent.class::isInstance).extracting(e -> ((UpdatesEvent) e).node())
                .containsExactly("a", "b");
        assertThat(events).filteredOn(CheckpointEvent.class::isInstance).hasSize(4);
        assertThat(events).filteredOn(TaskStartedEvent.class::isInstance).extracting(e -> ((TaskStartedEvent) e).name())
                .containsExactly("__start__", "a", "b");
        assertThat(events).allSatisfy(e -> assertThat(e.namespace()).isEmpty());
    }

    @Test
    void anInactiveListenerGetsNoEventsAndOneTurnedOnMidRunGetsTheEventsFromThenOn() {
        List<StreamEvent> events = new CopyOnWriteArrayList<>();
        var on = new java.util.concurrent.atomic.AtomicBoolean();
        CompiledGraph g = new StateGraph().channel("x", Channels.lastValue())
                .addNode("a", (s, c) -> Map.of("x", 1))
                .addNode("b", (s, c) -> {
                    on.set(true); // someone joined the stream while b runs
                    return Map.of("x", 2);
                })
                .addEdge(StateGraph.START, "a").addEdge("a", "b").compile();
        RunResult r = g.invoke(Map.of(), RunConfig.forThread("j"), new InMemoryCheckpointSaver(), new StreamListener() {
            @Override
            public void onEvent(StreamEvent event) {
                events.add(event);
            }

            @Override
            public boolean active() {
                return on.get();
            }
        }, CancellationToken.NONE);

        assertThat(r.status()).isEqualTo(RunResult.Status.DONE);
        assertThat(events).filteredOn(UpdatesEvent.class::isInstance).extracting(e -> ((UpdatesEvent) e).node())
                .containsExactly("b");
        assertThat(events).filteredOn(ValuesEvent.class::isInstance).extracting(e -> ((ValuesEvent) e).values())
                .containsExactly(Map.of("x", 2));
        assertThat(events).filteredOn(TaskStartedEvent.class::isInstance).isEmpty();
    }

    @Test
    void customEventsAndAThrowingListenerDoNotBreakTheRun() {
        List<Object> custom = new CopyOnWriteArrayList<>();
        CompiledGraph g = new StateGraph().channel("x", Channels.lastValue())
                .addNode("n", (s, c) -> {
                    c.emit(Map.of("progress", 50));
                    return Map.of("x", 1);
                })
                .addEdge(StateGraph.START, "n").compile();
        RunResult r = g.invoke(Map.of(), RunConfig.defaults(), null, e -> {
            if (e instanceof CustomEvent c) {
                custom.add(c.payload());
            }
            throw new IllegalStateException("listener bug");
        }, CancellationToken.NONE);
        assertThat(r.status()).isEqualTo(RunResult.Status.DONE);
        assertThat(custom).containsExactly(Map.of("progress", 50));
    }

    @Test
    void interruptIsStreamedAsAnUpdate() {
        List<StreamEvent> events = new CopyOnWriteArrayList<>();
        ExampleGraphs.hitl().invoke(Map.of("question", "q"), RunConfig.forThread("i"), new InMemoryCheckpointSaver(),
                events::add, CancellationToken.NONE);
        assertThat(events).filteredOn(e -> e instanceof UpdatesEvent u && u.node().equals("__interrupt__"))
                .singleElement().extracting(e -> ((UpdatesEvent) e).update()).asList().hasSize(1);
    }

    @Test
    void chatStreamsItsAnswerWordByWordThenReturnsTheWholeMessage() {
        List<StreamEvent> events = new CopyOnWriteArrayList<>();
        RunResult r = ExampleGraphs.chat().invoke(Map.of("messages", List.of(Map.of("role", "user", "content", "hi there"))),
                RunConfig.defaults(), null, events::add, CancellationToken.NONE);

        List<MessageChunkEvent> chunks = events.stream().filter(MessageChunkEvent.class::isInstance)
                .map(MessageChunkEvent.class::cast).toList();
        assertThat(chunks).extracting(c -> c.chunk().get("content"))
                .containsExactly("You ", "said: ", "hi ", "there");
        assertThat(chunks).extracting(c -> c.chunk().get("id")).containsOnly(chunks.getFirst().chunk().get("id"));
        assertThat(chunks.getFirst().metadata()).containsEntry("langgraph_node", "chat").containsEntry("langgraph_step", 1);
        var answer = (Map<?, ?>) ((List<?>) r.values().get("messages")).getLast();
        assertThat(answer.get("content")).isEqualTo("You said: hi there");
        assertThat(answer.get("id")).isEqualTo(chunks.getFirst().chunk().get("id"));
    }

    @Test
    void emitterSendsCountCustomEventsInOrderThenReportsHowMany() {
        List<Object> custom = new CopyOnWriteArrayList<>();
        RunResult r = ExampleGraphs.emitter().invoke(Map.of("count", 5), RunConfig.defaults(), null, e -> {
            if (e instanceof CustomEvent c) {
                custom.add(c.payload());
            }
        }, CancellationToken.NONE);
        assertThat(custom).containsExactly(Map.of("i", 0), Map.of("i", 1), Map.of("i", 2), Map.of("i", 3),
                Map.of("i", 4));
        assertThat(r.values()).containsEntry("emitted", 5);
    }

    @Test
    void emitterSendsOneHundredByDefaultAndRefusesAnAbsurdCount() {
        List<Object> custom = new CopyOnWriteArrayList<>();
        RunResult r = ExampleGraphs.emitter().invoke(Map.of(), RunConfig.defaults(), null, e -> {
            if (e instanceof CustomEvent c) {
                custom.add(c.payload());
            }
        }, CancellationToken.NONE);
        assertThat(custom).hasSize(100).last().isEqualTo(Map.of("i", 99));
        assertThat(r.values()).containsEntry("emitted", 100);

        RunResult tooMany = ExampleGraphs.emitter().invoke(Map.of("count", ExampleGraphs.MAX_EMITTED + 1),
                RunConfig.defaults(), null, e -> { }, CancellationToken.NONE);
        assertThat(tooMany.status()).isEqualTo(RunResult.Status.ERROR);
    }
}
