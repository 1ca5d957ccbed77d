package dev.kgraph.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What {@link BurstBench} measures, and the bounds that keep it harmless: loopback base URL only, at most 10,000 runs
 * released at once, each {@code runs/wait} abandoned after {@code requestTimeout} (at most 10 minutes).
 *
 * @param runs         {@code runs/wait} calls released together, each on a new thread
 * @param runMs        the {@code slow} graph's sleep, {@code input.ms}
 * @param slots        the server's execution slots ({@code kgraph.worker.max-concurrent-runs}, default 1,000): the
 *     ideal time for the burst is {@code ceil(runs / slots) * runMs}
 * @param serverPid    the server's process, for its resident memory and CPU (Linux {@code /proc}); null for none
 * @param heapSample   how often the server's used heap and resident memory are read during the burst; zero: never
 * @param startSample  runs whose start is read back afterwards from their thread's history (spread evenly over the
 *     arrival order); zero: none
 */
public record BurstOptions(
        URI baseUrl,
        int runs,
        long runMs,
        int slots,
        Duration requestTimeout,
        Long serverPid,
        Duration heapSample,
        int startSample,
        boolean json) {

    static final int MAX_RUNS = 10_000;

    static final String USAGE = """
            usage: java -jar load-tool.jar [BASE_URL] --mode burst [--runs 10000] [--ms 1000] [--slots 1000]
                   [--timeout-ms 300000] [--server-pid PID] [--heap-sample-ms 100] [--start-sample 2000] [--json]
              BASE_URL        loopback only, default http://127.0.0.1:8123
              --runs          runs/wait calls of graph slow released at once (1..10000), each on a new thread
              --slots         the server's kgraph.worker.max-concurrent-runs, for the ideal time
              --server-pid    read the server's resident memory and CPU from /proc (Linux)
              --start-sample  runs whose start is read back from their thread's history, for the start order
            """;

    public BurstOptions {
        LoadOptions.requireLoopback(baseUrl);
        if (runs < 1 || runs > MAX_RUNS) {
            throw new IllegalArgumentException("--runs must be in 1.." + MAX_RUNS + ", was " + runs);
        }
        if (runMs < 0 || runMs > 60_000) {
            throw new IllegalArgumentException("--ms must be in 0..60000, was " + runMs);
        }
        if (slots < 1) {
            throw new IllegalArgumentException("--slots must be at least 1, was " + slots);
        }
        if (startSample < 0 || startSample > runs) {
            throw new IllegalArgumentException("--start-sample must be in 0..runs (" + runs + "), was " + startSample);
        }
        requireWithin(requestTimeout, Duration.ofSeconds(1), Duration.ofMinutes(10), "--timeout-ms");
        requireWithin(heapSample, Duration.ZERO, Duration.ofSeconds(10), "--heap-sample-ms");
    }

    /** True if the arguments ask for this mode ({@code --mode burst} or {@code --mode=burst}). */
    static boolean requested(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--mode=burst") || args[i].equals("--mode") && i + 1 < args.length
                    && args[i + 1].equals("burst")) {
                return true;
            }
        }
        return false;
    }

    /** Parses {@code --key value} or {@code --key=value} options and an optional positional base URL. */
    public static BurstOptions parse(String[] args) {
        var cli = CommandLineArgs.parse(args, Set.of("json"), null);
        if (!cli.text("mode", "burst").equals("burst")) {
            throw new IllegalArgumentException("--mode must be burst here");
        }
        int runs = cli.integer("runs", MAX_RUNS);
        var options = new BurstOptions(
                URI.create(cli.baseUrl().replaceAll("/+$", "")),
                runs,
                cli.integer("ms", 1000),
                cli.integer("slots", 1000),
                Duration.ofMillis(cli.integer("timeout-ms", 300_000)),
                cli.has("server-pid") ? (long) cli.integer("server-pid", 0) : null,
                Duration.ofMillis(cli.integer("heap-sample-ms", 100)),
                cli.integer("start-sample", Math.min(runs, 2000)),
                cli.has("json"));
        cli.rejectUnknown(List.of("mode", "runs", "ms", "slots", "timeout-ms", "server-pid", "heap-sample-ms",
                "start-sample", "json"));
        return options;
    }

    /** The shortest time the burst can take: waves of {@code slots} runs of {@code runMs} each. */
    double idealSeconds() {
        return Math.ceilDiv(runs, slots) * runMs / 1000.0;
    }

    private static void requireWithin(Duration value, Duration min, Duration max, String name) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min.toMillis() + " ms and "
                    + max.toMillis() + " ms, was " + value.toMillis() + " ms");
        }
    }
}
