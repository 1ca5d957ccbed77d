package dev.kgraph.worker.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.graph.Checkpoint;
import dev.kgraph.graph.CheckpointMetadata;
import dev.kgraph.graph.CheckpointTuple;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatestCheckpointsTests {

    @Test
    void aCheckpointIsTakenOnlyForTheExactBytesItWasStoredAs() {
        var cache = new LatestCheckpoints(8, 1_000);
        cache.remember(tuple("t1", "c1"), bytes("c1"), Map.of(), new LatestCheckpoints.Sizes(10, 0));
        assertThat(cache.match("t1", "", bytes("c1"))).isNotNull();
        assertThat(cache.match("t1", "", bytes("c2"))).isNull();
        assertThat(cache.match("t1", "inner", bytes("c1"))).isNull();
        assertThat(cache.match("t2", "", bytes("c1"))).isNull();
        cache.remember(tuple("t1", "c2"), bytes("c2"), Map.of(), new LatestCheckpoints.Sizes(10, 0));
        assertThat(cache.match("t1", "", bytes("c1"))).isNull(); // one per thread and namespace: the latest
        assertThat(cache.match("t1", "", bytes("c2")).whole().checkpointId()).isEqualTo("c2");
    }

    @Test
    void theThreadsRunLongestAgoGoFirstWhenEntriesOrBytesRunOut() {
        var cache = new LatestCheckpoints(2, 1_000);
        cache.remember(tuple("t1", "c1"), bytes("c1"), Map.of(), new LatestCheckpoints.Sizes(10, 0));
        cache.remember(tuple("t2", "c2"), bytes("c2"), Map.of(), new LatestCheckpoints.Sizes(10, 0));
        assertThat(cache.match("t1", "", bytes("c1"))).isNotNull(); // t1 used again: t2 is now the eldest
        cache.remember(tuple("t3", "c3"), bytes("c3"), Map.of(), new LatestCheckpoints.Sizes(10, 0));
        assertThat(cache.match("t2", "", bytes("c2"))).isNull();
        assertThat(cache.size()).isEqualTo(2);

        var small = new LatestCheckpoints(100, 1_000);
        for (int i = 0; i < 10; i++) {
            small.remember(tuple("t" + i, "c" + i), bytes("c" + i), Map.of(), new LatestCheckpoints.Sizes(150, 50));
        }
        assertThat(small.size()).isEqualTo(5); // 200 bytes each, 1,000 at most
        small.remember(tuple("big", "c"), bytes("c"), Map.of(), new LatestCheckpoints.Sizes(200, 100));
        assertThat(small.match("big", "", bytes("c"))).isNull(); // over a quarter of the bound: not kept
    }

    private static byte[] bytes(String id) {
        return ("{\"id\":\"" + id + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static CheckpointTuple tuple(String threadId, String id) {
        return new CheckpointTuple(threadId, "", new Checkpoint(4, id, "ts", Map.of(), Map.of(), Map.of()),
                new CheckpointMetadata("loop", 0, null, Map.of(), Map.of()), null, List.of(), List.of());
    }
}
