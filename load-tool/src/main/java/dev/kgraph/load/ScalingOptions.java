package dev.kgraph.load;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link ScalingBench} measures, and the bounds that keep it harmless: loopback base URL only, at most 10,000
 * runs in flight, a measured window of at most 600 s after a warm-up of at most 600 s.
 *
 * @param inFlight       runs kept in flight at every moment (each a {@code runs/wait} on its own new thread)
 * @param runMs          the {@code slow} graph's sleep, {@code input.ms}
 * @param partitions     {@code kgraph.topics.partitions} of the server, to attribute each run to its partition
 * @param cpuPids        processes whose CPU use over the measured window is reported, by name (Linux only)
 * @param killPid        a process to kill with SIGKILL during the window (a worker); null for none
 * @param killAfter      when, counted from the start of the measured window, to kill {@code killPid}
 */
public record ScalingOptions(
        URI baseUrl,
        int inFlight,
        long runMs,
        Duration warmup,
        Duration duration,
        Duration requestTimeout,
        int partitions,
        Map<String, Long> cpuPids,
        Long killPid,
        Duration killAfter,
        boolean json) {

    static final int MAX_IN_FLIGHT = 10_000;

    static final String USAGE = """
            usage: ScalingBench [BASE_URL] [--in-flight 10] [--ms 100] [--warmup 10] [--duration 20]
                   [--timeout-ms 120000] [--partitions 6] [--cpu-pid name=pid]... [--kill-pid PID --kill-after S]
                   [--json]
              BASE_URL      loopback only, default http://127.0.0.1:8123
              --in-flight   runs of graph slow kept in flight (1..10000), each runs/wait on a new thread
              --duration    measured seconds (1..600) after --warmup seconds (0..600) that are not counted
              --cpu-pid     report the CPU use of this process over the measured window (repeatable; Linux)
              --kill-pid    SIGKILL this process --kill-after seconds into the measured window, then report
                            how long throughput and every partition took to recover
            """;

    public ScalingOptions {
        LoadOptions.requireLoopback(baseUrl);
        if (inFlight < 1 || inFlight > MAX_IN_FLIGHT) {
            throw new IllegalArgumentException("--in-flight must be in 1.." + MAX_IN_FLIGHT + ", was " + inFlight);
        }
        if (runMs < 0 || runMs > 60_000) {
            throw new IllegalArgumentException("--ms must be in 0..60000, was " + runMs);
        }
        if (partitions < 1 || partitions > 10_000) {
            throw new IllegalArgumentException("--partitions must be in 1..10000, was " + partitions);
        }
        requireWithin(warmup, Duration.ZERO, Duration.ofSeconds(600), "--warmup");
        requireWithin(duration, Duration.ofSeconds(1), Duration.ofSeconds(600), "--duration");
        requireWithin(requestTimeout, Duration.ofSeconds(1), Duration.ofSeconds(600), "--timeout-ms");
        cpuPids = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cpuPids)); // keeps the given order
        if (killPid != null) {
            requireWithin(killAfter, Duration.ofSeconds(1), duration.minusSeconds(1), "--kill-after");
        }
    }

    /** Parses {@code --key value} or {@code --key=value} options and an optional positional base URL. */
    public static ScalingOptions parse(String[] args) {
        var cli = CommandLineArgs.parse(args, Set.of("json"), "cpu-pid");
        Map<String, Long> cpuPids = new LinkedHashMap<>();
        cli.repeated().forEach(nameAndPid -> putCpuPid(cpuPids, nameAndPid));
        var options = new ScalingOptions(
                URI.create(cli.baseUrl().replaceAll("/+$", "")),
                (int) cli.number("in-flight", 10),
                (long) cli.number("ms", 100),
                cli.seconds("warmup", 10),
                cli.seconds("duration", 20),
                Duration.ofMillis((long) cli.number("timeout-ms", 120_000)),
                (int) cli.number("partitions", 6),
                cpuPids,
                cli.has("kill-pid") ? (long) cli.number("kill-pid", 0) : null,
                cli.seconds("kill-after", 0),
                cli.has("json"));
        if (cli.has("kill-after") && !cli.has("kill-pid")) {
            throw new IllegalArgumentException("--kill-after needs --kill-pid");
        }
        cli.rejectUnknown(List.of("in-flight", "ms", "warmup", "duration", "timeout-ms", "partitions", "kill-pid",
                "kill-after", "json"));
        return options;
    }

    /** Adds one {@code name=pid} of {@code --cpu-pid}. */
    static void putCpuPid(Map<String, Long> cpuPids, String nameAndPid) {
        int eq = nameAndPid.indexOf('=');
        if (eq < 1) {
            throw new IllegalArgumentException("--cpu-pid takes name=pid, was " + nameAndPid);
        }
        try {
            cpuPids.put(nameAndPid.substring(0, eq), Long.parseLong(nameAndPid.substring(eq + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--cpu-pid takes name=pid, was " + nameAndPid, e);
        }
    }

    private static void requireWithin(Duration value, Duration min, Duration max, String name) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min.toMillis() / 1000.0 + " s and "
                    + max.toMillis() / 1000.0 + " s, was " + value.toMillis() / 1000.0 + " s");
        }
    }
}
