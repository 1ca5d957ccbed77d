package dev.kgraph.standalone;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The settings the standalone launcher needs before Spring starts (the broker comes first).
 *
 * <p>Read Spring-style from {@code --key=value} arguments, Java system properties and environment variables
 * (relaxed names: {@code KGRAPH_STANDALONE_DATA_DIR}, {@code SERVER_PORT}); {@code application.properties} is not
 * consulted for these four, because it is only read once Spring runs.
 *
 * @param dataDir {@code kgraph.standalone.data-dir}, default {@code ./.kgraph-data}: Kafka's log under {@code kafka/},
 *     the worker's Streams state under {@code streams/}
 * @param httpPort {@code server.port}, default 8123; 0 picks a free port
 * @param httpAddress {@code server.address}, default 127.0.0.1 (loopback only)
 * @param kafkaPort {@code kgraph.standalone.kafka-port}, default 0 (a free port at each start)
 */
public record StandaloneSettings(Path dataDir, int httpPort, String httpAddress, int kafkaPort) {

    public static final String DATA_DIR = "kgraph.standalone.data-dir";
    public static final String KAFKA_PORT = "kgraph.standalone.kafka-port";
    public static final String SERVER_PORT = "server.port";
    public static final String SERVER_ADDRESS = "server.address";

    /** Resolves the settings from arguments, system properties and environment, in that order of precedence. */
    public static StandaloneSettings resolve(String[] args) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        return from(environment);
    }

    /** Resolves the settings from explicit properties first, then system properties and environment. */
    public static StandaloneSettings resolve(Map<String, Object> properties) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("standalone-arguments", properties));
        return from(environment);
    }

    private static StandaloneSettings from(StandardEnvironment environment) {
        ConfigurationPropertySources.attach(environment);
        Binder binder = Binder.get(environment);
        return new StandaloneSettings(
                Path.of(binder.bind(DATA_DIR, String.class).orElse("./.kgraph-data")),
                binder.bind(SERVER_PORT, Integer.class).orElse(8123),
                binder.bind(SERVER_ADDRESS, String.class).orElse("127.0.0.1"),
                binder.bind(KAFKA_PORT, Integer.class).orElse(0));
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    public Path streamsDir() {
        return dataDir.resolve("streams");
    }
}
