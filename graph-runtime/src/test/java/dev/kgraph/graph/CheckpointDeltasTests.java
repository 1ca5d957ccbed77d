package dev.kgraph.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kgraph.graph.examples.ExampleGraphs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointDeltasTests {

    private final InMemoryCheckpointSaver saver = new InMemoryCheckpointSaver();
    /** What a store would hold, by checkpoint id. */
    private final Map<String, byte[]> stored = new HashMap<>();

    @Test
    void aLongChatIsStoredAsDeltasThatReadBackAsTheWholeCheckpoints() {
        for (int i = 0; i < 300; i++) {
            ExampleGraphs.echo().invoke(Map.of("messages", "message " + i), RunConfig.forThread("chat"), saver);
        }
        var oldestFirst = saver.list("chat", "", ListOptions.all()).reversed();
        long wholeBytes = 0;
        long storedBytes = 0;
        int deltas = 0;
        for (var tuple : oldestFirst) {
            var bytes = store(tuple);
            wholeBytes += CheckpointJson.toBytes(tuple).length;
            storedBytes += bytes.length;
            deltas += CheckpointDeltas.isDelta(bytes) ? 1 : 0;
        }
        for (var tuple : oldestFirst) {
            var bytes = stored.get(tuple.checkpointId());
            assertThat(CheckpointDeltas.resolve(CheckpointDeltas.read(bytes), this::read)).isEqualTo(tuple);
            assertThat(CheckpointJson.fromBytes(CheckpointDeltas.whole(bytes, this::read))).isEqualTo(tuple);
        }
        // 300 runs, 600 messages: a whole checkpoint holds 300 of them on average, a delta at most a few dozen (what
        // is left is each checkpoint's own metadata and versions, the same either way)
        assertThat(deltas).isGreaterThan(oldestFirst.size() * 3 / 4);
        assertThat(storedBytes).isLessThan(wholeBytes / 5);
    }

    @Test
    void aDeltaPointsAtAWholeListAndTheListIsStoredWholeAgainWhenTheDeltaOutgrowsItsBase() {
        for (int i = 0; i < 40; i++) {
            ExampleGraphs.echo().invoke(Map.of("messages", "message " + i), RunConfig.forThread("chat"), saver);
        }
        var oldestFirst = saver.list("chat", "", ListOptions.all()).reversed();
        int wholeAfterDeltas = 0;
        boolean sawDelta = false;
        for (var tuple : oldestFirst) {
            var bytes = store(tuple);
            var record = CheckpointDeltas.read(bytes);
            for (var base : record.bases().values()) {
                assertThat(CheckpointDeltas.read(stored.get(base.checkpointId())).bases()).doesNotContainKey("messages");
                assertThat(((List<?>) record.tuple().checkpoint().channelValues().get("messages")).size())
                        .isLessThanOrEqualTo(CheckpointDeltas.maxAppended(base.length()));
            }
            if (record.isWhole() && sawDelta) {
                wholeAfterDeltas++;
            }
            sawDelta |= !record.isWhole();
        }
        assertThat(wholeAfterDeltas).isPositive();
    }

    @Test
    void shortListsAndNewThreadsAreStoredWholeAsBefore() {
        ExampleGraphs.echo().invoke(Map.of("messages", "hi"), RunConfig.forThread("new"), saver);
        for (var tuple : saver.list("new", "", ListOptions.all()).reversed()) {
            assertThat(store(tuple)).isEqualTo(CheckpointJson.toBytes(tuple));
        }
    }

    @Test
    void aListThatDoesNotContinueItsParentsIsStoredWhole() {
        var parent = tuple("p", null, List.of("a", "b", "c", "d", "e"));
        store(parent);
        assertThat(CheckpointDeltas.plan(tuple("c", "p", List.of("a", "b", "c", "d", "e", "f")), parent, Map.of()))
                .containsOnlyKeys("messages");
        assertThat(CheckpointDeltas.plan(tuple("c", "p", List.of("a", "x", "c", "d", "e", "f")), parent, Map.of()))
                .isEmpty();
        assertThat(CheckpointDeltas.plan(tuple("c", "p", List.of("a", "b", "c")), parent, Map.of())).isEmpty();
        assertThat(CheckpointDeltas.plan(tuple("c", "other", List.of("a", "b", "c", "d", "e", "f")), parent,
                Map.of())).isEmpty();
    }

    @Test
    void aMissingBaseIsAnErrorThatNamesIt() {
        var parent = tuple("p", null, List.of("a", "b", "c", "d", "e"));
        var child = tuple("c", "p", List.of("a", "b", "c", "d", "e", "f"));
        var bytes = CheckpointDeltas.toBytes(child, CheckpointDeltas.plan(child, parent, Map.of()));
        assertThatThrownBy(() -> CheckpointDeltas.whole(bytes, (thread, ns, id) -> null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("continues checkpoint p");
    }

    /** Stores {@code tuple} as the worker does: against its parent as read back from the store. */
    private byte[] store(CheckpointTuple tuple) {
        var parentBytes = tuple.parentCheckpointId() == null ? null : stored.get(tuple.parentCheckpointId());
        byte[] bytes;
        if (parentBytes == null) {
            bytes = CheckpointDeltas.toBytes(tuple, Map.of());
        } else {
            var parent = CheckpointDeltas.read(parentBytes);
            bytes = CheckpointDeltas.toBytes(tuple, CheckpointDeltas.plan(tuple,
                    CheckpointDeltas.resolve(parent, this::read), parent.bases()));
        }
        stored.put(tuple.checkpointId(), bytes);
        return bytes;
    }

    private byte[] read(String threadId, String checkpointNs, String checkpointId) {
        return stored.get(checkpointId);
    }

    private static CheckpointTuple tuple(String id, String parentId, List<String> messages) {
        return new CheckpointTuple("t", "", new Checkpoint(4, id, "ts", Map.of("messages", messages),
                Map.of("messages", 1), Map.of()), new CheckpointMetadata("loop", 0, null, Map.of(), Map.of()),
                parentId, List.of(), List.of());
    }
}
