package dev.kgraph.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.jspecify.annotations.Nullable;

/**
 * The production-like topology of {@code docker-compose.cluster.yml} as local processes: three KRaft nodes (broker and
 * controller each; the quorum is the three), three workers and two gateways, all on 127.0.0.1 with ports picked at
 * start. Every topic has three replicas and needs two in sync. A process is killed and started again on the same
 * ports and directories. {@link #close} kills every process, and a shutdown hook does so too if the test JVM stops.
 */
final class LocalCluster implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    static final int PARTITIONS = 6;
    static final String SEQUENCER_GROUP = "kgraph-sequencer";

    private final List<ChildProcess> brokers;
    private final List<ChildProcess> workers;
    private final List<ChildProcess> gateways;
    private final List<Integer> gatewayPorts;
    private final List<Integer> workerPorts;
    private final String bootstrapServers;
    private final Thread killOnExit;
    private volatile @Nullable Admin admin;

    private LocalCluster(List<ChildProcess> brokers, List<ChildProcess> workers, List<ChildProcess> gateways,
                         List<Integer> gatewayPorts, List<Integer> workerPorts, String bootstrapServers) {
        this.workerPorts = workerPorts;
        this.brokers = brokers;
        this.workers = workers;
        this.gateways = gateways;
        this.gatewayPorts = gatewayPorts;
        this.bootstrapServers = bootstrapServers;
        this.killOnExit = new Thread(this::killAll, "kill-cluster-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Lays the cluster out under {@code dir} (data, state and logs); starts nothing. */
    static LocalCluster create(Jars jars, Path dir) {
        var ports = FreePorts.pick(11);
        var clientPorts = ports.subList(0, 3);
        var bootstrap = String.join(",", clientPorts.stream().map(port -> HOST + ":" + port).toList());
        var gatewayPorts = List.copyOf(ports.subList(6, 8));
        var workerPorts = List.copyOf(ports.subList(8, 11));
        return new LocalCluster(brokers(jars, dir, clientPorts, ports.subList(3, 6)),
                workers(jars, dir, bootstrap, workerPorts), gateways(jars, dir, bootstrap, gatewayPorts), gatewayPorts,
                workerPorts, bootstrap);
    }

    /** Each node is broker and controller; all three know the voters and share a cluster id. */
    private static List<ChildProcess> brokers(Jars jars, Path dir, List<Integer> clientPorts,
                                              List<Integer> controllerPorts) {
        var voters = String.join(",", IntStream.range(0, 3)
                .mapToObj(i -> (i + 1) + "@" + HOST + ":" + controllerPorts.get(i)).toList());
        var clusterId = Uuid.randomUuid().toString();
        var brokers = new ArrayList<ChildProcess>();
        for (int i = 0; i < 3; i++) {
            var name = "broker-" + (i + 1);
            var args = new ArrayList<>(List.of("broker", "--data-dir=" + mkdirs(dir.resolve(name)),
                    "--node-id=" + (i + 1), "--host=" + HOST, "--port=" + clientPorts.get(i),
                    "--controller-port=" + controllerPorts.get(i), "--voters=" + voters, "--cluster-id=" + clusterId,
                    "--ready-timeout-seconds=120"));
            BROKER_PROPERTIES.forEach((key, value) -> args.add("--" + key + "=" + value));
            brokers.add(child(name, dir, "512m", jars.standalone(), args));
        }
        return brokers;
    }

    /** @param ports each worker's management server (health, metrics), the same across its restarts */
    private static List<ChildProcess> workers(Jars jars, Path dir, String bootstrap, List<Integer> ports) {
        var workers = new ArrayList<ChildProcess>();
        for (int i = 0; i < 3; i++) {
            var name = "worker-" + (i + 1);
            var args = new ArrayList<>(appArgs(bootstrap));
            args.add("--server.port=" + ports.get(i));
            args.add("--kgraph.worker.state-dir=" + mkdirs(dir.resolve(name + "-state")));
            args.addAll(WORKER_ARGS);
            workers.add(child(name, dir, "384m", jars.worker(), args));
        }
        return workers;
    }

    private static List<ChildProcess> gateways(Jars jars, Path dir, String bootstrap, List<Integer> ports) {
        var gateways = new ArrayList<ChildProcess>();
        for (int i = 0; i < ports.size(); i++) {
            var args = new ArrayList<>(appArgs(bootstrap));
            args.addAll(List.of("--server.port=" + ports.get(i), "--server.address=" + HOST));
            gateways.add(child("gateway-" + (i + 1), dir, "384m", jars.gateway(), args));
        }
        return gateways;
    }

    /**
     * Every topic three times with two in sync, as the cluster Compose file; and a killed node is fenced (its
     * partitions get new leaders) after 3 s without a heartbeat instead of the default 9 s.
     */
    private static final Map<String, String> BROKER_PROPERTIES = Map.ofEntries(
            Map.entry("default.replication.factor", "3"),
            Map.entry("min.insync.replicas", "2"),
            Map.entry("offsets.topic.replication.factor", "3"),
            Map.entry("offsets.topic.num.partitions", "3"),
            Map.entry("transaction.state.log.replication.factor", "3"),
            Map.entry("transaction.state.log.min.isr", "2"),
            Map.entry("transaction.state.log.num.partitions", "3"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("broker.session.timeout.ms", "3000"),
            Map.entry("broker.heartbeat.interval.ms", "500"));

    /**
     * More attempts than the faults that can cut one execution (two worker kills or stops, a zombie, and the partition
     * moves of each restart): a run hit by all of them must still end as it would have, not as
     * {@code RunAttemptsExhausted}, which is the product's answer to a run that keeps killing its worker.
     */
    static final int MAX_ATTEMPTS = 8;

    /** A dead worker is noticed by its Streams group within 6 s; one standby per task; MAX_ATTEMPTS attempts a run. */
    private static final List<String> WORKER_ARGS = List.of(
            // three workers on one host: each management server (health, metrics) on a port of its own, not 8124
            "--server.address=" + HOST,
            "--kgraph.worker.session-timeout=6s",
            "--kgraph.worker.standby-replicas=1",
            "--kgraph.worker.max-attempts=" + MAX_ATTEMPTS,
            "--kgraph.worker.exactly-once=" + System.getProperty("kgraph.faults.exactly-once", "true"));

    private static List<String> appArgs(String bootstrap) {
        return List.of("--spring.kafka.bootstrap-servers=" + bootstrap,
                "--kgraph.topics.partitions=" + PARTITIONS,
                "--kgraph.topics.replication-factor=3",
                "--kgraph.topics.min-insync-replicas=2");
    }

    /** A JVM running {@code jar} with {@code args}, its output in {@code <dir>/<name>.log}; not started. */
    static ChildProcess child(String name, Path dir, String heap, Path jar, List<String> args) {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // small footprint: eight JVMs share two cores
        command.addAll(List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:ActiveProcessorCount=2", "-XX:+ExitOnOutOfMemoryError"));
        if (Runtime.version().feature() >= 24) {
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(args);
        return new ChildProcess(name, command, dir.resolve(name + ".log"));
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChildProcess broker(int index) {
        return brokers.get(index);
    }

    ChildProcess worker(int index) {
        return workers.get(index);
    }

    ChildProcess gateway(int index) {
        return gateways.get(index);
    }

    /** The metrics of worker {@code index} (Prometheus text), from its management server. */
    String workerMetricsUrl(int index) {
        return "http://" + HOST + ":" + workerPorts.get(index) + "/actuator/prometheus";
    }

    List<String> gatewayUrls() {
        return gatewayPorts.stream().map(port -> "http://" + HOST + ":" + port).toList();
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Starts the three nodes together (each waits for a quorum) and returns once all three serve clients. */
    void startBrokers(Duration atMost) {
        brokers.forEach(ChildProcess::start);
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
        awaitBrokers(atMost);
    }

    void startApplications() {
        workers.forEach(ChildProcess::start);
        gateways.forEach(ChildProcess::start);
    }

    /** Until every node is registered and unfenced. */
    void awaitBrokers(Duration atMost) {
        await("all three brokers serving").atMost(atMost).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    brokers.forEach(ChildProcess::requireAlive);
                    return admin().describeCluster().nodes().get(10, TimeUnit.SECONDS).size() == brokers.size();
                });
    }

    /** Until the sequencer's group is stable with {@code members} workers (a killed one has left it by then). */
    void awaitWorkerGroup(int members, Duration atMost) {
        await("sequencer group stable with " + members + " workers").atMost(atMost)
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    workers.stream().filter(ChildProcess::isAlive).forEach(ChildProcess::requireAlive);
                    var group = admin().describeConsumerGroups(List.of(SEQUENCER_GROUP)).describedGroups()
                            .get(SEQUENCER_GROUP).get(10, TimeUnit.SECONDS);
                    return group.groupState() == GroupState.STABLE && group.members().size() == members;
                });
    }

    /** Until every partition of every topic, internal ones included, has all its replicas in sync again. */
    void awaitReplicasInSync(Duration atMost) {
        await("all replicas in sync").atMost(atMost).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    var names = admin().listTopics(new ListTopicsOptions().listInternal(true)).names()
                            .get(10, TimeUnit.SECONDS);
                    return admin().describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                            .flatMap(topic -> topic.partitions().stream())
                            .allMatch(partition -> partition.isr().size() == partition.replicas().size());
                });
    }

    /** The node leading the KRaft quorum (the active controller), as a 0-based index. */
    int quorumLeaderIndex() {
        try {
            return admin().describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS).leaderId() - 1;
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe the KRaft quorum", e);
        }
    }

    /** Node ids currently registered with the controller. */
    List<Integer> liveBrokerIds() {
        try {
            return admin().describeCluster().nodes().get(10, TimeUnit.SECONDS).stream().map(Node::id).sorted()
                    .toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe the cluster", e);
        }
    }

    private Admin admin() {
        var current = admin;
        if (current == null) {
            throw new IllegalStateException("the brokers are not started");
        }
        return current;
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyExiting) {
            // the hook is running or has run
        }
    }

    private void killAll() {
        var admin = this.admin;
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
        // gateways and workers first: fewer reconnection attempts to brokers already gone
        for (var group : List.of(gateways, workers, brokers)) {
            group.forEach(child -> {
                try {
                    child.kill();
                } catch (RuntimeException e) {
                    System.err.println("could not kill " + child.name() + ": " + e);
                }
            });
        }
    }
}
