package dev.kgraph.standalone.broker;

import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Turns {@link BrokerSettings} (with its ports already resolved) into the broker's configuration.
 *
 * <p>The defaults favour a small embedded node sharing its JVM with the application: internal topics have one
 * partition and a replication factor equal to the quorum size (at most 3), consumer groups start without the
 * initial rebalance delay, topics are never created implicitly, thread pools and the log cleaner's buffer are
 * kept small, and a single node writes its metadata log's no-op records rarely. {@link BrokerSettings#extraProperties()} override any of them.
 */
final class BrokerProperties {

    static final String LOG_DIR_NAME = "logs";

    private BrokerProperties() {
    }

    static Path logDir(BrokerSettings settings) {
        return settings.dataDir().resolve(LOG_DIR_NAME);
    }

    static Properties of(BrokerSettings settings, int port, int controllerPort) {
        var props = new Properties();
        String host = settings.host();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(settings.nodeId()));
        props.put("controller.quorum.voters", voters(settings, controllerPort));
        props.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir(settings).toAbsolutePath().toString());
        putReplicationDefaults(props, settings.quorumSize());
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        // Thread pools sized for one node serving one process's clients on a small machine. Each of these threads
        // also wakes about three times a second when there is nothing to do (a network thread's select and a request
        // handler's queue poll time out after 300 ms, a coordinator event thread's poll too), so an idle server pays
        // for every one of them (docs/benchmarks.md, section 6, "Idle, third pass"). One network thread per listener
        // (Kafka: 3) and two request handlers (Kafka: 8; the controller's pool takes the same number) answered
        // runs/wait as fast as before with 1 to 64 clients: held fetches wait in the purgatory, not in a handler.
        // The group coordinator serves a handful of groups here (Kafka: 4 threads; a single node has one
        // __consumer_offsets partition, whose events one thread handles anyway). Nodes of a quorum (the cluster fault
        // test, cluster benchmarks) also serve replication, transactions and 50 offsets partitions: they keep 2 and 4.
        boolean singleNode = settings.quorumSize() == 1;
        props.put("num.network.threads", singleNode ? "1" : "2");
        props.put("num.io.threads", singleNode ? "2" : "4");
        if (singleNode) {
            props.put("group.coordinator.threads", "1");
        }
        // The cleaner's dedupe buffer is allocated on heap up front (128 MB by default): too much for an app's JVM.
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        // The workers purge the requests and progress they have consumed (ConsumedInputPurge); a segment wholly below a
        // partition's new start is only deleted at the next retention check (Kafka: every 5 minutes, 0.3 GB of
        // them at 1,000 runs/s).
        props.put("log.retention.check.interval.ms", "60000");
        props.putAll(settings.extraProperties());
        return props;
    }

    private static String voters(BrokerSettings settings, int controllerPort) {
        if (settings.controllerVoters().isEmpty()) {
            return settings.nodeId() + "@" + settings.host() + ":" + controllerPort;
        }
        return settings.controllerVoters().stream().collect(Collectors.joining(","));
    }

    private static void putReplicationDefaults(Properties props, int quorumSize) {
        String replicas = Integer.toString(Math.min(3, quorumSize));
        String minIsr = quorumSize >= 3 ? "2" : "1";
        props.put("default.replication.factor", replicas);
        props.put("min.insync.replicas", minIsr);
        props.put("offsets.topic.replication.factor", replicas);
        props.put("transaction.state.log.replication.factor", replicas);
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("share.coordinator.state.topic.replication.factor", replicas);
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        if (quorumSize == 1) {
            // One node is one coordinator anyway; fewer partitions make the first group and transaction start fast.
            props.put("offsets.topic.num.partitions", "1");
            props.put("transaction.state.log.num.partitions", "1");
            props.put("share.coordinator.state.topic.num.partitions", "1");
            // The controller appends a no-op record to the metadata log this often (500 ms by default) so that other
            // brokers see it alive; a single node has none, and each append is a flushed write that wakes the
            // metadata threads (Raft I/O, controller, metadata loader) of an otherwise idle node. 5 s still cost
            // ~0.0005 cores (docs/benchmarks.md, section 6, "Idle, third pass"); 0 would turn them off altogether.
            props.put("metadata.max.idle.interval.ms", "30000");
            // After a crash (kill -9) the restarted controller replays the dead broker's registration and gives it a
            // fresh session; the restarted broker's own registration is refused ("Another broker is registered with
            // that broker id") until that session expires: Kafka's 9 s, during which nothing is served. A single node
            // heartbeats itself over loopback, so a shorter session costs one wake-up a second and waits 4 s at most.
            props.put("broker.heartbeat.interval.ms", "1000");
            props.put("broker.session.timeout.ms", "4000");
        }
    }
}
