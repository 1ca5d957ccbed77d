package dev.kgraph.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What to measure and the bounds that keep a measurement harmless.
 *
 * <p>Bounds: the base URL must be loopback (127.0.0.0/8, ::1, localhost), the measured duration is at most 60 s,
 * the warm-up at most 30 s, clients at most 1024, and each request is abandoned after {@code requestTimeout}.
 *
 * @param uniqueContent send {@code "hi c<client>-<n>"} instead of {@code "hi"}, so that each response is checked
 *     to echo the request's own message rather than any "hi"
 */
public record LoadOptions(
        URI baseUrl,
        Mode mode,
        int clients,
        Duration duration,
        Duration warmup,
        Duration requestTimeout,
        String graph,
        boolean uniqueContent,
        boolean json) {

    static final Duration MAX_DURATION = Duration.ofSeconds(60);
    static final Duration MAX_WARMUP = Duration.ofSeconds(30);
    static final int MAX_CLIENTS = 1024;

    static final String USAGE = """
            usage: java -jar load-tool.jar [BASE_URL] [--mode new-thread|same-thread|own-thread] [--clients 1]
                   [--duration 20] [--warmup 0] [--timeout-ms 30000] [--graph echo] [--unique] [--json]
              BASE_URL     loopback only, default http://127.0.0.1:8123
              --duration   measured seconds, at most 60; --warmup seconds before it are not counted (at most 30);
                           "measuring" is written to standard error when the measured seconds begin
              --unique     give every run its own message and check that exactly that message is echoed
            """;

    public LoadOptions {
        requireLoopback(baseUrl);
        if (clients < 1 || clients > MAX_CLIENTS) {
            throw new IllegalArgumentException("--clients must be in 1.." + MAX_CLIENTS + ", was " + clients);
        }
        requireWithin(duration, Duration.ofSeconds(1), MAX_DURATION, "--duration");
        requireWithin(warmup, Duration.ZERO, MAX_WARMUP, "--warmup");
        requireWithin(requestTimeout, Duration.ofMillis(100), Duration.ofSeconds(120), "--timeout-ms");
    }

    /** Parses {@code --key value} or {@code --key=value} options and an optional positional base URL. */
    public static LoadOptions parse(String[] args) {
        var cli = CommandLineArgs.parse(args, Set.of("json", "unique"), null);
        var options = new LoadOptions(
                URI.create(cli.baseUrl().replaceAll("/+$", "")),
                Mode.fromCliName(cli.text("mode", "new-thread")),
                cli.integer("clients", 1),
                cli.seconds("duration", 20),
                cli.seconds("warmup", 0),
                Duration.ofMillis(cli.integer("timeout-ms", 30_000)),
                cli.text("graph", "echo"),
                cli.has("unique"),
                cli.has("json"));
        cli.rejectUnknown(List.of("mode", "clients", "duration", "warmup", "timeout-ms", "graph", "unique", "json"));
        return options;
    }

    private static void requireWithin(Duration value, Duration min, Duration max, String name) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min.toMillis() + " ms and "
                    + max.toMillis() + " ms, was " + value.toMillis() + " ms");
        }
    }

    /** Resolves the host without DNS for literals; a name must resolve to loopback addresses only. */
    static void requireLoopback(URI url) {
        if (!"http".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("base URL must be http://<loopback>:<port>, was " + url);
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
                if (!address.isLoopbackAddress()) {
                    throw new IllegalArgumentException("refusing non-loopback base URL " + url);
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in base URL " + url, e);
        }
    }
}
