package dev.kgraph.graph.bench;

import dev.kgraph.graph.examples.ExampleGraphs;

import dev.kgraph.graph.CancellationToken;
import dev.kgraph.graph.CheckpointSaver;
import dev.kgraph.graph.CompiledGraph;
import dev.kgraph.graph.InMemoryCheckpointSaver;
import dev.kgraph.graph.RunConfig;
import dev.kgraph.graph.RunResult;
import dev.kgraph.graph.StreamListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * 1,000 concurrent runs on virtual threads: one operation starts 1,000 runs of the counter graph (START -> a -> b),
 * each on its own thread id of one shared {@link InMemoryCheckpointSaver}, one virtual thread per run, and waits for
 * all of them. The score is milliseconds per 1,000 runs; runs/s = 1,000,000 / score.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class ConcurrentRunsBenchmark {

    static final int RUNS = 1_000;
    private static final Map<String, Object> INPUT = Map.of("count", 0);

    private CompiledGraph counter;

    @Setup
    public void compileGraph() {
        counter = ExampleGraphs.counter();
    }

    @Benchmark
    public int thousandConcurrentRuns() throws InterruptedException, ExecutionException {
        CheckpointSaver saver = new InMemoryCheckpointSaver();
        List<Future<RunResult>> runs = new ArrayList<>(RUNS);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < RUNS; i++) {
                RunConfig config = RunConfig.forThread("thread-" + i);
                runs.add(executor.submit(() ->
                        counter.invoke(INPUT, config, saver, StreamListener.NONE, CancellationToken.NONE)));
            }
        }
        int done = 0;
        for (Future<RunResult> run : runs) {
            if (run.get().isDone()) {
                done++;
            }
        }
        if (done != RUNS) {
            throw new IllegalStateException(done + " of " + RUNS + " runs ended DONE");
        }
        return done;
    }
}
