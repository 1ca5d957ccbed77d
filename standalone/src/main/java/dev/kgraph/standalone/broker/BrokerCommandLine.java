package dev.kgraph.standalone.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code --key=value} options of {@link KraftBroker#main} into {@link BrokerSettings}.
 *
 * <p>Options: {@code --data-dir} (required), {@code --host} (default 127.0.0.1), {@code --port} (default 9092),
 * {@code --node-id} (default 1), {@code --controller-port} (default 9093), {@code --voters} (comma-separated
 * {@code id@host:port}; default: this node alone), {@code --cluster-id} (required with several voters),
 * {@code --ready-timeout-seconds} (default 120); any other {@code --some.broker.property=value} (a key containing a
 * dot) is passed to the broker unchanged.
 */
final class BrokerCommandLine {

    private BrokerCommandLine() {
    }

    static BrokerSettings parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> brokerProperties = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 3) {
                throw new IllegalArgumentException("expected --key=value, got: " + arg);
            }
            String key = arg.substring(2, eq);
            (key.contains(".") ? brokerProperties : options).put(key, arg.substring(eq + 1));
        }
        return toSettings(options, brokerProperties);
    }

    private static BrokerSettings toSettings(Map<String, String> options, Map<String, String> brokerProperties) {
        String dataDir = options.remove("data-dir");
        if (dataDir == null) {
            throw new IllegalArgumentException("--data-dir is required");
        }
        List<String> voters = options.containsKey("voters")
                ? Arrays.stream(options.remove("voters").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
                : List.of();
        String clusterId = options.remove("cluster-id");
        if (voters.size() > 1 && clusterId == null) {
            throw new IllegalArgumentException("--cluster-id is required with several voters (all nodes share it)");
        }
        var settings = new BrokerSettings(
                Path.of(dataDir),
                options.getOrDefault("host", BrokerSettings.LOOPBACK),
                intOption(options, "port", 9092),
                intOption(options, "controller-port", 9093),
                intOption(options, "node-id", 1),
                voters,
                clusterId,
                brokerProperties,
                Duration.ofSeconds(intOption(options, "ready-timeout-seconds", 120)));
        options.keySet().removeAll(List.of("host", "port", "controller-port", "node-id", "ready-timeout-seconds"));
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("unknown options: " + options.keySet());
        }
        return settings;
    }

    private static int intOption(Map<String, String> options, String key, int defaultValue) {
        String value = options.get(key);
        try {
            return value == null ? defaultValue : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer, got: " + value, e);
        }
    }
}
