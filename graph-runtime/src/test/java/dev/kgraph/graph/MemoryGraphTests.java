package dev.kgraph.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.graph.examples.ExampleGraphs;
import dev.kgraph.graph.store.InMemoryStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code memory} example: what one thread stores, another thread of the same user reads back. */
class MemoryGraphTests {
    private final CompiledGraph memory = ExampleGraphs.memory();
    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryCheckpointSaver saver = new InMemoryCheckpointSaver();

    @Test
    void aFactRememberedInOneThreadIsRecalledInAnotherButNotForAnotherUser() {
        // when
        run("thread-1", "alice", "remember I like green tea");
        var recalled = run("thread-2", "alice", "what do you know?");
        var stranger = run("thread-3", "bob", "what do you know?");

        // then
        assertThat(recalled).isEqualTo("I remember: I like green tea");
        assertThat(stranger).isEqualTo("I know nothing about you yet.");
        assertThat(store.get(List.of("memories", "alice"), store.search(List.of("memories", "alice"), null, 10, 0)
                .getFirst().key()).value()).isEqualTo(Map.of("fact", "I like green tea"));
    }

    @Test
    void aRunWithoutAStoreFailsClearly() {
        var result = memory.invoke(input("remember x"), RunConfig.forThread("t"), saver);

        assertThat(result.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(result.error().message()).contains("No store is configured");
    }

    private String run(String threadId, String userId, String text) {
        var config = RunConfig.builder().threadId(threadId).context(Map.of("user_id", userId)).store(store).build();
        var result = memory.invoke(input(text), config, saver);
        var messages = (List<?>) result.values().get("messages");
        return String.valueOf(((Map<?, ?>) messages.getLast()).get("content"));
    }

    private static Map<String, Object> input(String text) {
        return Map.of("messages", List.of(Map.of("role", "user", "content", text)));
    }
}
