package dev.kgraph.graph.bench;

import dev.kgraph.graph.examples.ExampleGraphs;

import dev.kgraph.graph.CancellationToken;
import dev.kgraph.graph.CheckpointJson;
import dev.kgraph.graph.CheckpointTuple;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Checkpoint size and (de)serialisation cost with {@link CheckpointJson}. The checkpoint is the last one of a real
 * run: {@code small} = the counter graph's final state {@code {count:2, log:["a","b"]}}; {@code messages100} = the echo
 * graph after 99 user messages of about 110 characters each plus its reply. The size in bytes is printed once per
 * trial as {@code checkpoint-bytes <state> <n>}; the benchmark scores are the time to write and to read it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class CheckpointSizeBenchmark {

    @Param({"small", "messages100"})
    public String state;

    private CheckpointTuple checkpoint;
    private byte[] bytes;

    @Setup
    public void runGraphOnce() {
        RunResult result = "small".equals(state)
                ? run(ExampleGraphs.counter().invoke(Map.of("count", 0), RunConfig.forThread("size"),
                        new InMemoryCheckpointSaver(), StreamListener.NONE, CancellationToken.NONE))
                : run(ExampleGraphs.echo().invoke(BenchGraphs.userMessages(99), RunConfig.forThread("size"),
                        new InMemoryCheckpointSaver(), StreamListener.NONE, CancellationToken.NONE));
        checkpoint = result.lastCheckpoint();
        bytes = CheckpointJson.toBytes(checkpoint);
        System.out.printf("checkpoint-bytes %s %d%n", state, bytes.length);
    }

    private static RunResult run(RunResult result) {
        if (!result.isDone() || result.lastCheckpoint() == null) {
            throw new IllegalStateException("setup run ended " + result.status() + " without a checkpoint");
        }
        return result;
    }

    @Benchmark
    public byte[] write() {
        return CheckpointJson.toBytes(checkpoint);
    }

    @Benchmark
    public CheckpointTuple read() {
        return CheckpointJson.fromBytes(bytes);
    }
}
