package dev.kgraph.graph.bench;

import dev.kgraph.graph.CancellationToken;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Per-superstep overhead for a small state (target: at most 10 µs): a run of a 10-node chain over {@code {count}},
 * reported per superstep ({@link OperationsPerInvocation}), so the figure includes the run's fixed cost spread over
 * its 10 steps. {@code saver=none} runs without persistence; {@code memory} writes every checkpoint to a fresh
 * {@link InMemoryCheckpointSaver} (one new thread per run, durability ASYNC as by default).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class SuperstepBenchmark {

    static final int STEPS = 10;
    private static final Map<String, Object> INPUT = Map.of("count", 0);

    @Param({"none", "memory"})
    public String saver;

    private CompiledGraph chain;

    @Setup
    public void compileGraph() {
        chain = BenchGraphs.chain(STEPS);
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public RunResult superstep() {
        RunResult result = chain.invoke(INPUT, RunConfig.forThread("bench"),
                "memory".equals(saver) ? new InMemoryCheckpointSaver() : null, StreamListener.NONE, CancellationToken.NONE);
        if (!result.isDone()) {
            throw new IllegalStateException("benchmark run ended " + result.status() + ": " + result.error());
        }
        return result;
    }
}
