package dev.kgraph.graph;

import dev.kgraph.graph.examples.ExampleGraphs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrentRunsTests {

    @Test
    void oneCompiledGraphServesManyThreadsAtOnce() throws Exception {
        CompiledGraph hitl = ExampleGraphs.hitl();
        InMemoryCheckpointSaver saver = new InMemoryCheckpointSaver();
        List<Future<RunResult>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                String thread = "t" + i;
                String question = "q" + i;
                results.add(pool.submit(() -> {
                    hitl.invoke(Map.of("question", question), RunConfig.forThread(thread), saver);
                    return hitl.invoke(Command.resume("a" + thread), RunConfig.forThread(thread), saver);
                }));
            }
            for (int i = 0; i < 200; i++) {
                assertThat(results.get(i).get().values()).isEqualTo(Map.of("question", "q" + i, "answer", "at" + i));
            }
        }
        assertThat(saver.list("t7", "", ListOptions.all())).hasSize(3);
    }
}
