package dev.kgraph.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
              --duration   measured seconds, at most 60; --warmup seconds before it are not counted (at most 30)
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
        Map<String, String> values = new HashMap<>();
        String baseUrl = "http://127.0.0.1:8123";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                baseUrl = arg;
                continue;
            }
            String name = arg.substring(2);
            if (List.of("json", "unique").contains(name)) {
                values.put(name, "true");
            } else if (name.contains("=")) {
                values.put(name.substring(0, name.indexOf('=')), name.substring(name.indexOf('=') + 1));
            } else if (i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return fromValues(baseUrl, values);
    }

    private static LoadOptions fromValues(String baseUrl, Map<String, String> values) {
        var options = new LoadOptions(
                URI.create(baseUrl.replaceAll("/+$", "")),
                Mode.fromCliName(values.getOrDefault("mode", "new-thread")),
                intValue(values, "clients", 1),
                Duration.ofMillis(Math.round(1000 * doubleValue(values, "duration", 20))),
                Duration.ofMillis(Math.round(1000 * doubleValue(values, "warmup", 0))),
                Duration.ofMillis(intValue(values, "timeout-ms", 30_000)),
                values.getOrDefault("graph", "echo"),
                values.containsKey("unique"),
                values.containsKey("json"));
        values.keySet().removeAll(List.of("mode", "clients", "duration", "warmup", "timeout-ms", "graph", "unique",
                "json"));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown options: " + values.keySet());
        }
        return options;
    }

    private static int intValue(Map<String, String> values, String key, int defaultValue) {
        String value = values.get(key);
        try {
            return value == null ? defaultValue : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer, was " + value, e);
        }
    }

    private static double doubleValue(Map<String, String> values, String key, double defaultValue) {
        String value = values.get(key);
        try {
            return value == null ? defaultValue : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number of seconds, was " + value, e);
        }
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
