package dev.kgraph.standalone.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one KRaft node needs to know: where its data lives, where it listens, and who the controller quorum is.
 *
 * <p>With no {@code controllerVoters} the node is a quorum of one (the standalone distribution). For a cluster, every
 * node gets the same voter list ({@code id@host:controllerPort}) and the same {@code clusterId}, and its own node id,
 * ports and data directory; each node is broker and controller at once.
 *
 * @param dataDir directory that holds the node's configuration and its log directory; created if missing
 * @param host interface both listeners bind to and the address advertised to clients (loopback by default)
 * @param port client listener port; 0 picks a free port at start
 * @param controllerPort controller listener port; 0 picks a free port at start (single node only: voters must know it)
 * @param nodeId the node id, unique within the cluster
 * @param controllerVoters the static controller quorum as {@code id@host:port}; empty means "just this node"
 * @param clusterId cluster id used when the storage is formatted for the first time; null picks a random one
 *     (a cluster of several nodes must pass the same id to all of them)
 * @param extraProperties broker properties applied last, overriding the defaults chosen here
 * @param readyTimeout how long {@link KraftBroker#start} waits for the node to answer a client request
 */
public record BrokerSettings(
        Path dataDir,
        String host,
        int port,
        int controllerPort,
        int nodeId,
        List<String> controllerVoters,
        @Nullable String clusterId,
        Map<String, String> extraProperties,
        Duration readyTimeout) {

    public static final String LOOPBACK = "127.0.0.1";

    public BrokerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        requirePort(port, "port");
        requirePort(controllerPort, "controllerPort");
        if (nodeId < 0) {
            throw new IllegalArgumentException("nodeId must be >= 0, was " + nodeId);
        }
        controllerVoters = List.copyOf(controllerVoters);
        if (controllerVoters.size() > 1 && controllerPort == 0) {
            throw new IllegalArgumentException("a multi-node quorum needs a fixed controllerPort (the voter list names it)");
        }
        extraProperties = Map.copyOf(extraProperties);
        if (readyTimeout.isNegative() || readyTimeout.isZero()) {
            throw new IllegalArgumentException("readyTimeout must be positive");
        }
    }

    /** A single node on loopback with free ports, node id 1 and a 30 s readiness bound. */
    public static BrokerSettings singleNode(Path dataDir) {
        return new BrokerSettings(dataDir, LOOPBACK, 0, 0, 1, List.of(), null, Map.of(), Duration.ofSeconds(30));
    }

    public BrokerSettings withPort(int newPort) {
        return new BrokerSettings(dataDir, host, newPort, controllerPort, nodeId, controllerVoters, clusterId,
                extraProperties, readyTimeout);
    }

    public BrokerSettings withHost(String newHost) {
        return new BrokerSettings(dataDir, newHost, port, controllerPort, nodeId, controllerVoters, clusterId,
                extraProperties, readyTimeout);
    }

    /** Joins a static quorum: this node's id and controller port, the whole voter list, the shared cluster id. */
    public BrokerSettings withQuorum(int newNodeId, int newControllerPort, List<String> voters, String sharedClusterId) {
        return new BrokerSettings(dataDir, host, port, newControllerPort, newNodeId, voters, sharedClusterId,
                extraProperties, readyTimeout);
    }

    /** Adds broker properties on top of the ones already given (later keys win). */
    public BrokerSettings withExtraProperties(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(extraProperties);
        merged.putAll(more);
        return new BrokerSettings(dataDir, host, port, controllerPort, nodeId, controllerVoters, clusterId, merged,
                readyTimeout);
    }

    public BrokerSettings withReadyTimeout(Duration newReadyTimeout) {
        return new BrokerSettings(dataDir, host, port, controllerPort, nodeId, controllerVoters, clusterId,
                extraProperties, newReadyTimeout);
    }

    /** Number of voters in the quorum: 1 for a standalone node. */
    public int quorumSize() {
        return Math.max(1, controllerVoters.size());
    }

    private static void requirePort(int value, String name) {
        if (value < 0 || value > 65_535) {
            throw new IllegalArgumentException(name + " must be in 0..65535, was " + value);
        }
    }
}
