package dev.kgraph.standalone.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka node (KRaft broker and controller in one) running inside this JVM, with its log on disk.
 *
 * <p>This is the only class that touches Kafka's server internals ({@code StorageTool}, {@code KafkaConfig},
 * {@code KafkaRaftServer}); they are not a public API, so a Kafka upgrade should only ever need changes here.
 * The storage is formatted only when {@code meta.properties} is absent, so a restart on the same data directory keeps
 * its cluster id, topics and records. {@link #start} returns once the node answers an admin request.
 *
 * <p>Limits: listeners are PLAINTEXT without authentication, meant for loopback or a private network. Ports chosen
 * for port 0 are probed free just before the start, so another process may in rare cases grab one in between. In a
 * multi-node quorum {@link #start} waits until a quorum of voters is up, so start all nodes within the ready timeout.
 * {@link #main} runs one node as its own process, e.g. as one of three nodes of a cluster.
 */
public final class KraftBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KraftBroker.class);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String clusterId;
    private final Path dataDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KraftBroker(KafkaRaftServer server, String bootstrapServers, String clusterId, Path dataDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.clusterId = clusterId;
        this.dataDir = dataDir;
    }

    /**
     * Formats the storage if it is new, starts the node and waits until it serves clients.
     *
     * @throws IllegalStateException if formatting fails or the node is not ready within the settings' ready timeout
     *     (the half-started node is shut down first)
     */
    public static KraftBroker start(BrokerSettings settings) {
        var ports = Ports.of(settings);
        return start(settings, ports.client(), ports.controller());
    }

    /**
     * Starts the node on a thread of its own and returns at once with the address it will serve: the caller can
     * build its Kafka clients meanwhile (the start is mostly CPU on one thread: it overlaps with other work where
     * cores are free, which on two busy cores is within the noise, docs/benchmarks.md section 6) and
     * {@link Launch#await() await} the node before it needs it.
     */
    public static Launch launch(BrokerSettings settings) {
        var ports = Ports.of(settings);
        var started = new CompletableFuture<KraftBroker>();
        Thread.ofPlatform().name("kafka-node-start").start(() -> {
            try {
                started.complete(start(settings, ports.client(), ports.controller()));
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        });
        return new Launch(settings.host() + ":" + ports.client(), started);
    }

    /**
     * A node being started by {@link #launch}.
     *
     * @param bootstrapServers {@code host:port} of its client listener, known before it serves
     */
    public record Launch(String bootstrapServers, CompletableFuture<KraftBroker> started) {

        /**
         * Waits until the node serves clients.
         *
         * @throws IllegalStateException if its start failed (formatting, a port taken, not ready in time)
         */
        public KraftBroker await() {
            try {
                return started.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure
                        : new IllegalStateException("the Kafka node did not start", e.getCause());
            }
        }

        /** Stops the node once its start has ended, whether it is still starting or already serving. */
        public void abandon() {
            started.whenComplete((broker, failure) -> {
                if (broker != null) {
                    broker.close();
                }
            }).exceptionally(failure -> null).join();
        }
    }

    private static KraftBroker start(BrokerSettings settings, int port, int controllerPort) {
        Properties props = BrokerProperties.of(settings, port, controllerPort);
        Path configFile = writeConfig(settings.dataDir(), props);
        formatIfNew(settings, configFile);
        var server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        String bootstrap = settings.host() + ":" + port;
        try {
            server.startup();
            String clusterId = awaitReady(bootstrap, settings);
            log.info("Kafka node {} ready at {} (cluster {}, data in {})", settings.nodeId(), bootstrap, clusterId,
                    settings.dataDir());
            return new KraftBroker(server, bootstrap, clusterId, settings.dataDir());
        } catch (RuntimeException e) {
            shutDown(server);
            throw e;
        }
    }

    /** {@code host:port} of the client listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The cluster id stored in the data directory; stable across restarts on the same directory. */
    public String clusterId() {
        return clusterId;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Shuts the node down and waits until it has stopped; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            shutDown(server);
            log.info("Kafka node at {} stopped", bootstrapServers);
        }
    }

    /**
     * Runs one node in the foreground until the JVM is asked to stop; see {@link BrokerCommandLine} for the options,
     * e.g. {@code --node-id=2 --port=19092 --controller-port=19093 --voters=1@h:19091,2@h:19093,3@h:19095
     * --cluster-id=<22 chars> --data-dir=/var/kgraph/node2}. {@code random-cluster-id} prints a fresh cluster id.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length == 1 && args[0].equals("random-cluster-id")) {
            System.out.println(Uuid.randomUuid());
            return;
        }
        KraftBroker broker = start(BrokerCommandLine.parse(args));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-node-shutdown"));
        System.out.println("bootstrap.servers=" + broker.bootstrapServers());
        broker.server.awaitShutdown();
    }

    private static void formatIfNew(BrokerSettings settings, Path configFile) {
        if (Files.exists(BrokerProperties.logDir(settings).resolve("meta.properties"))) {
            return;
        }
        String clusterId = settings.clusterId() != null ? settings.clusterId() : Uuid.randomUuid().toString();
        var output = new ByteArrayOutputStream();
        int exitCode;
        try (var out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(
                    new String[] {"format", "--config", configFile.toString(), "--cluster-id", clusterId}, out);
        } catch (Exception e) {
            throw new IllegalStateException("formatting Kafka storage in " + settings.dataDir() + " failed: "
                    + output.toString(StandardCharsets.UTF_8), e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("formatting Kafka storage in " + settings.dataDir() + " exited with "
                    + exitCode + ": " + output.toString(StandardCharsets.UTF_8));
        }
        log.info("Formatted new Kafka storage in {} with cluster id {}", settings.dataDir(), clusterId);
    }

    /** Keeps the effective configuration next to the data: the formatter reads it, and operators can too. */
    private static Path writeConfig(Path dataDir, Properties props) {
        Path file = dataDir.resolve("server.properties");
        try {
            Files.createDirectories(dataDir);
            try (OutputStream out = Files.newOutputStream(file)) {
                props.store(out, "written by KraftBroker at every start; edits are overwritten");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String awaitReady(String bootstrap, BrokerSettings settings) {
        long timeoutMs = settings.readyTimeout().toMillis();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, 5_000));
        try (Admin admin = Admin.create(config)) {
            var options = new DescribeClusterOptions().timeoutMs((int) timeoutMs);
            return admin.describeCluster(options).clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka node at " + bootstrap + " not ready within "
                    + settings.readyTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka node at " + bootstrap, e);
        }
    }

    private static void shutDown(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    /**
     * The node's client and controller ports: the settings' own, or free ones where they say 0. Free ports are picked
     * while the ones picked before are still held, so the two always differ: picked one after the other, the
     * operating system handed out the same port twice once (CI), and the node refused to start with both listeners
     * on it.
     */
    record Ports(int client, int controller) {

        static Ports of(BrokerSettings settings) {
            var held = new ArrayList<ServerSocket>();
            try {
                int client = settings.port() == 0 ? hold(held, settings.host(), -1) : settings.port();
                int controller = settings.controllerPort() == 0
                        ? hold(held, settings.host(), client) : settings.controllerPort();
                return new Ports(client, controller);
            } finally {
                held.forEach(Ports::closeQuietly);
            }
        }

        /** Binds a free port other than {@code not} and keeps it bound (in {@code held}) until the caller is done. */
        private static int hold(List<ServerSocket> held, String host, int not) {
            try {
                while (true) {
                    var socket = new ServerSocket(0, 0, InetAddress.getByName(host));
                    held.add(socket);
                    if (socket.getLocalPort() != not) {
                        return socket.getLocalPort();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on " + host, e);
            }
        }

        private static void closeQuietly(ServerSocket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // only held to keep the port from being handed out twice
            }
        }
    }
}
