package dev.kgraph.standalone;

import dev.kgraph.gateway.GatewayApplication;
import dev.kgraph.standalone.broker.BrokerSettings;
import dev.kgraph.standalone.broker.KraftBroker;
import dev.kgraph.worker.WorkerApplication;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * A running standalone system: the embedded Kafka node plus one Spring context holding the gateway's and the
 * worker's beans. Start it, use {@link #baseUrl()}, {@link #close()} it; starting again on the same data directory
 * finds the previous threads, runs and topics.
 *
 * <p>The gateway and the worker are combined by giving Spring both {@code @SpringBootApplication} classes as
 * sources: their component scans cover disjoint packages ({@code dev.kgraph.gateway}, {@code dev.kgraph.worker}),
 * so the two modules must not declare beans with the same name. The Kafka address, the Streams state directory,
 * the HTTP port and address are put in front of every other property source, because the broker and the data
 * directory belong to this launcher.
 */
public final class Standalone implements AutoCloseable {

    public static final String BOOTSTRAP_SERVERS = "spring.kafka.bootstrap-servers";
    public static final String STATE_DIR = "kgraph.worker.state-dir";

    private final KraftBroker broker;
    private final ConfigurableApplicationContext context;
    private final String baseUrl;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Standalone(KraftBroker broker, ConfigurableApplicationContext context, String baseUrl) {
        this.broker = broker;
        this.context = context;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts the system on loopback with its data under {@code dataDir}.
     *
     * @param httpPort the HTTP port; 0 picks a free one (see {@link #baseUrl()})
     * @param extraProperties Spring properties for the gateway and the worker, e.g. timeouts; they override
     *     {@code application.properties}, and may also hold {@value StandaloneSettings#KAFKA_PORT}
     */
    public static Standalone start(Path dataDir, int httpPort, Map<String, Object> extraProperties) {
        Map<String, Object> given = new HashMap<>(extraProperties);
        given.put(StandaloneSettings.DATA_DIR, dataDir.toString());
        given.put(StandaloneSettings.SERVER_PORT, httpPort);
        return start(StandaloneSettings.resolve(given), extraProperties, new String[0]);
    }

    /**
     * Starts the broker and Spring side by side: the node on a thread of its own, Spring building its beans meanwhile
     * and waiting for the node before anything talks to Kafka ({@link KafkaNodeGate}). If either fails, the broker
     * is stopped again (once its start has ended) and the failure rethrown.
     */
    static Standalone start(StandaloneSettings settings, Map<String, Object> extraProperties, String[] args) {
        var brokerSettings = BrokerSettings.singleNode(settings.kafkaDir()).withPort(settings.kafkaPort());
        KraftBroker.Launch node = KraftBroker.launch(brokerSettings);
        try {
            Map<String, Object> owned = new LinkedHashMap<>();
            owned.put(BOOTSTRAP_SERVERS, node.bootstrapServers());
            owned.put(STATE_DIR, settings.streamsDir().toAbsolutePath().toString());
            owned.put("spring.kafka.streams.state-dir", settings.streamsDir().toAbsolutePath().toString());
            owned.put(StandaloneSettings.SERVER_PORT, settings.httpPort());
            owned.put(StandaloneSettings.SERVER_ADDRESS, settings.httpAddress());
            ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class,
                    WorkerApplication.class, StandaloneHealthConfiguration.class)
                    .registerShutdownHook(false) // we close Spring before the broker, never concurrently with it
                    // one process on one node: replies at Kafka's floor rather than at a transaction's commit
                    // (docs/reliability.md); --kgraph.worker.exactly-once=true turns it back on
                    .properties("kgraph.worker.exactly-once=false",
                            // one process, one stream thread: more partitions only multiply the logs, stream tasks
                            // and RocksDB stores that a start creates and an idle server keeps polling (start-up
                            // about 2.5 s shorter, docs/benchmarks.md section 6). Topics that exist keep their count,
                            // and so does a gateway or worker of another layout joining this broker (KeepPartitionCounts)
                            "kgraph.topics.partitions=1",
                            // there is no second worker to hold a warm copy of the stores
                            "kgraph.worker.standby-replicas=0",
                            // always the same one worker: after a crash it takes its partitions back at once instead
                            // of waiting out its dead self's group session (10 s of runs standing still)
                            "kgraph.worker.group-instance-id=standalone",
                            // one dispatching gateway: the retry topics' listeners start when a retry is queued
                            "kgraph.webhooks.retry-listeners-on-demand=true",
                            // the broker's INFO chatter turned down, as before Spring started (EarlyLogging)
                            "logging.level.kafka=WARN", "logging.level.org.apache.kafka=WARN",
                            "logging.level.state.change.logger=WARN")
                    .initializers(ctx -> {
                        var sources = ctx.getEnvironment().getPropertySources();
                        sources.addFirst(new MapPropertySource("standalone-extra", new HashMap<>(extraProperties)));
                        sources.addFirst(new MapPropertySource("standalone-owned", owned));
                        // the first bean definition: its wait comes before anything else's use of Kafka
                        ((GenericApplicationContext) ctx).registerBean(KafkaNodeGate.class,
                                () -> new KafkaNodeGate(node, ctx.getBean(LoggingSystem.class)));
                    })
                    .run(args);
            return new Standalone(node.await(), context, baseUrlOf(context, settings.httpAddress()));
        } catch (RuntimeException e) {
            node.abandon();
            throw e;
        }
    }

    /** {@code http://address:port} of the API, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The embedded node's {@code host:port}, e.g. for a test's own Kafka clients. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The combined gateway and worker context, for tests that need a bean. */
    public ConfigurableApplicationContext applicationContext() {
        return context;
    }

    /** Stops Spring first (the worker still needs the broker to leave its group and flush), then the broker. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                context.close();
            } finally {
                broker.close();
            }
        }
    }

    private static String baseUrlOf(ConfigurableApplicationContext context, String address) {
        if (!(context instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
            throw new IllegalStateException("the gateway did not start a web server (is WebFlux on the classpath?)");
        }
        return "http://" + address + ":" + web.getWebServer().getPort();
    }
}
