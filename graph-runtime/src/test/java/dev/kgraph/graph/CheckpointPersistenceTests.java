package dev.kgraph.graph;

import dev.kgraph.graph.examples.ExampleGraphs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CheckpointPersistenceTests {

    private final InMemoryCheckpointSaver saver = new InMemoryCheckpointSaver();

    @Test
    void jsonRoundTripKeepsStateNullsOrderSendsAndInterrupts() {
        CompiledGraph g = ExampleGraphs.hitl();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("question", Map.of("nested", List.of(1, 2.5, "x", true)));
        input.put("answer", null);
        g.invoke(input, RunConfig.forThread("j"), saver);
        CheckpointTuple latest = saver.get("j", "", null).orElseThrow();
        assertThat(latest.pendingWrites()).anyMatch(w -> w.channel().equals("__interrupt__"));
        CheckpointTuple back = CheckpointJson.fromJson(CheckpointJson.toJson(latest));
        assertThat(back).isEqualTo(latest);
        assertThat(CheckpointJson.fromBytes(CheckpointJson.toBytes(latest))).isEqualTo(latest);

        Map<String, Object> values = new HashMap<>();
        values.put("__pregel_tasks", List.of(new Send("work", Map.of("s", "a"))));
        Checkpoint cp = new Checkpoint(4, "id", "ts", values, Map.of("__pregel_tasks", 3), Map.of());
        CheckpointTuple withSends = new CheckpointTuple("t", "", cp,
                new CheckpointMetadata("loop", 0, null, Map.of(), Map.of()), null, List.of(), List.of());
        assertThat(CheckpointJson.fromJson(CheckpointJson.toJson(withSends))).isEqualTo(withSends);
    }

    @Test
    void listSupportsBeforeLimitAndMetadataFilter() {
        ExampleGraphs.counter().invoke(Map.of(), RunConfig.forThread("l"), saver);
        List<CheckpointTuple> all = saver.list("l", "", ListOptions.all());
        assertThat(all).hasSize(4);
        assertThat(saver.list("l", "", ListOptions.limit(2))).containsExactlyElementsOf(all.subList(0, 2));
        assertThat(saver.list("l", "", ListOptions.all().withBefore(all.get(1).checkpointId())))
                .containsExactlyElementsOf(all.subList(2, 4));
        assertThat(saver.list("l", "", ListOptions.all().withFilter(Map.of("source", "input")))).hasSize(1);
    }

    @Test
    void runMetadataIsMergedIntoCheckpointMetadata() {
        ExampleGraphs.echo().invoke(Map.of("messages", "hi"),
                RunConfig.builder().threadId("m").metadata(Map.of("graph_id", "echo")).build(), saver);
        StateSnapshot s = ExampleGraphs.echo().getState(saver, "m", null);
        assertThat(s.metadata()).containsEntry("graph_id", "echo").containsEntry("source", "loop")
                .containsEntry("step", 1);
        assertThat(new ArrayList<>(s.toJson().keySet()))
                .containsExactly("values", "next", "tasks", "metadata", "created_at", "checkpoint", "parent_checkpoint");
    }

    /** A saver that records what reached it and completes puts only when told to. */
    private static final class RecordingSaver implements CheckpointSaver {
        final InMemoryCheckpointSaver inner = new InMemoryCheckpointSaver();
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public java.util.Optional<CheckpointTuple> get(String t, String ns, String id) {
            return inner.get(t, ns, id);
        }

        @Override
        public List<CheckpointTuple> list(String t, String ns, ListOptions o) {
            return inner.list(t, ns, o);
        }

        @Override
        public CompletableFuture<Void> put(CheckpointTuple tuple) {
            calls.add("put:" + tuple.metadata().step());
            return inner.put(tuple);
        }

        @Override
        public CompletableFuture<Void> putWrites(String t, String ns, String id, List<PendingWrite> writes) {
            calls.add("writes");
            return inner.putWrites(t, ns, id, writes);
        }
    }

    @Test
    void durabilityExitSavesOnlyTheFinalCheckpoint() {
        RecordingSaver exit = new RecordingSaver();
        ExampleGraphs.counter().invoke(Map.of(),
                RunConfig.builder().threadId("d").durability(Durability.EXIT).build(), exit);
        assertThat(exit.calls).containsExactly("put:2");
        assertThat(exit.inner.get("d", "", null).orElseThrow().checkpoint().channelValues())
                .containsEntry("count", 2);

        RecordingSaver sync = new RecordingSaver();
        ExampleGraphs.counter().invoke(Map.of(),
                RunConfig.builder().threadId("d").durability(Durability.SYNC).build(), sync);
        assertThat(sync.calls).filteredOn(c -> c.startsWith("put")).containsExactly("put:-1", "put:0", "put:1", "put:2");
    }
}
