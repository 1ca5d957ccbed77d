package dev.kgraph.load;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link StreamBench} measures ({@code --mode stream} of the load tool), and the bounds that keep it harmless:
 * loopback base URL only, at most 1,024 looping clients or 10,000 streams in a burst, a measured window of at most
 * 60 s after a warm-up of at most 30 s, each stream abandoned after the request timeout.
 *
 * <p>Two shapes. Without {@code --streams}: {@code clients} virtual threads each stream runs back to back on new
 * threads for the duration (like {@code runs/wait} in {@link LoadRun}). With {@code --streams N}: N streams are opened
 * at the same moment, one run each, and the tool waits for all of them to end (a burst).
 *
 * @param streams      streams of the burst, or 0 for the looping shape
 * @param count        {@code input.count} for graph {@code emitter} (custom events per run, checked in order)
 * @param streamModes  {@code stream_mode} sent, empty for the server's default ({@code values})
 * @param createThread {@code POST /threads} before each stream (untimed) instead of {@code if_not_exists: create}
 * @param cpuPids      processes whose CPU time over the measured window is reported, by name (Linux only)
 * @param heapSample   how often the server's used heap is read from {@code /actuator/prometheus} during the
 *                     window; zero for never (the default without {@code --streams}: a scrape costs the server CPU)
 */
public record StreamOptions(
        URI baseUrl,
        int clients,
        Duration duration,
        Duration warmup,
        int streams,
        Duration requestTimeout,
        String graph,
        int count,
        List<String> streamModes,
        boolean createThread,
        Map<String, Long> cpuPids,
        Duration heapSample,
        boolean json) {

    static final int MAX_STREAMS = 10_000;

    static final String USAGE = """
            usage: java -jar load-tool.jar [BASE_URL] --mode stream [--clients 1 --duration 20 [--warmup 0]]
                   [--streams N] [--graph echo] [--count 100] [--stream-mode values,custom] [--create-thread]
                   [--timeout-ms 60000] [--cpu-pid name=pid]... [--heap-sample-ms 100] [--json]
              BASE_URL        loopback only, default http://127.0.0.1:8123
              --clients       looping clients (1..1024), each streams runs on new threads back to back
              --streams       instead: open N streams (1..10000) at once, one run each, and wait for all
              --graph         echo (final values checked) or emitter (--count custom events, checked in order)
              --stream-mode   comma-separated stream_mode; default: none sent (the server's default, values)
              --create-thread POST /threads first (untimed) instead of if_not_exists: create
              --cpu-pid       report the CPU time of this process over the measured window (repeatable; Linux)
              --heap-sample-ms  read the server's used heap this often (default: 100 in a burst, else 0: never)
            """;

    public StreamOptions {
        LoadOptions.requireLoopback(baseUrl);
        if (clients < 1 || clients > LoadOptions.MAX_CLIENTS) {
            throw new IllegalArgumentException("--clients must be in 1.." + LoadOptions.MAX_CLIENTS + ", was " + clients);
        }
        if (streams < 0 || streams > MAX_STREAMS) {
            throw new IllegalArgumentException("--streams must be in 1.." + MAX_STREAMS + ", was " + streams);
        }
        if (count < 0 || count > 10_000) {
            throw new IllegalArgumentException("--count must be in 0..10000, was " + count);
        }
        requireWithin(duration, Duration.ofSeconds(1), LoadOptions.MAX_DURATION, "--duration");
        requireWithin(warmup, Duration.ZERO, LoadOptions.MAX_WARMUP, "--warmup");
        requireWithin(requestTimeout, Duration.ofMillis(100), Duration.ofSeconds(600), "--timeout-ms");
        requireWithin(heapSample, Duration.ZERO, Duration.ofSeconds(10), "--heap-sample-ms");
        streamModes = List.copyOf(streamModes);
        cpuPids = Collections.unmodifiableMap(new LinkedHashMap<>(cpuPids)); // keeps the given order
    }

    boolean burst() {
        return streams > 0;
    }

    /** True if the arguments ask for this mode ({@code --mode stream} or {@code --mode=stream}). */
    static boolean requested(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--mode=stream") || args[i].equals("--mode") && i + 1 < args.length
                    && args[i + 1].equals("stream")) {
                return true;
            }
        }
        return false;
    }

    /** Parses {@code --key value} or {@code --key=value} options and an optional positional base URL. */
    public static StreamOptions parse(String[] args) {
        var cli = CommandLineArgs.parse(args, Set.of("json", "create-thread"), "cpu-pid");
        if (!cli.text("mode", "stream").equals("stream")) {
            throw new IllegalArgumentException("--mode must be stream here");
        }
        Map<String, Long> cpuPids = new LinkedHashMap<>();
        cli.repeated().forEach(nameAndPid -> ScalingOptions.putCpuPid(cpuPids, nameAndPid));
        String modes = cli.text("stream-mode", "");
        var options = new StreamOptions(
                URI.create(cli.baseUrl().replaceAll("/+$", "")),
                cli.integer("clients", 1),
                cli.seconds("duration", 20),
                cli.seconds("warmup", 0),
                cli.integer("streams", 0),
                Duration.ofMillis(cli.integer("timeout-ms", 60_000)),
                cli.text("graph", "echo"),
                cli.integer("count", 100),
                modes.isBlank() ? List.of() : Arrays.stream(modes.split(",")).map(String::strip).toList(),
                cli.has("create-thread"),
                cpuPids,
                // heap readings are Prometheus scrapes, which cost the server CPU: by default only during a burst
                Duration.ofMillis(cli.integer("heap-sample-ms", cli.has("streams") ? 100 : 0)),
                cli.has("json"));
        if (cli.has("streams") && options.streams() == 0) {
            throw new IllegalArgumentException("--streams must be in 1.." + MAX_STREAMS + ", was 0");
        }
        if (options.burst() && (cli.has("clients") || cli.has("duration") || cli.has("warmup"))) {
            throw new IllegalArgumentException("--streams opens its streams at once: no --clients, --duration, --warmup");
        }
        cli.rejectUnknown(List.of("mode", "clients", "duration", "warmup", "streams", "timeout-ms", "graph", "count",
                "stream-mode", "create-thread", "heap-sample-ms", "json"));
        return options;
    }

    private static void requireWithin(Duration value, Duration min, Duration max, String name) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min.toMillis() + " ms and "
                    + max.toMillis() + " ms, was " + value.toMillis() + " ms");
        }
    }
}
