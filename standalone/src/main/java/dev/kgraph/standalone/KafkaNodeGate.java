package dev.kgraph.standalone;

import dev.kgraph.standalone.broker.KraftBroker;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Holds Spring's start, once every bean is built, until the embedded Kafka node serves. The node starts on a thread
 * of its own while Spring builds the gateway's and the worker's beans ({@link Standalone}); what talks to Kafka at
 * start-up comes after this point: the topics' creation ({@code KafkaAdmin}, itself a
 * {@link SmartInitializingSingleton}), then the listeners and Kafka Streams as lifecycle beans. {@link Standalone}
 * registers it before any other bean, so its callback is the first of its kind to run.
 *
 * <p>The producers built meanwhile try to reach the node at once, and until it serves each attempt logs a warning
 * ("Connection to node -1 could not be established"): a few seconds of them after a crash, while the restarted node
 * waits out its dead self's session. Those are expected, so the client's connection warnings are held back from
 * the gate's creation until the node serves (or failed to start), then the logger's own level is back.
 */
final class KafkaNodeGate implements SmartInitializingSingleton {

    static final String CONNECTION_LOGGER = "org.apache.kafka.clients.NetworkClient";

    private final KraftBroker.Launch node;
    private final LoggingSystem logging;
    private final LogLevel configuredLevel;

    KafkaNodeGate(KraftBroker.Launch node, LoggingSystem logging) {
        this.node = node;
        this.logging = logging;
        var configuration = logging.getLoggerConfiguration(CONNECTION_LOGGER);
        this.configuredLevel = configuration == null ? null : configuration.getConfiguredLevel();
        if (!node.started().isDone()) {
            logging.setLogLevel(CONNECTION_LOGGER, LogLevel.ERROR);
        }
    }

    /** @throws IllegalStateException if the node did not start, which fails Spring's start with that cause */
    @Override
    public void afterSingletonsInstantiated() {
        try {
            node.await();
        } finally {
            logging.setLogLevel(CONNECTION_LOGGER, configuredLevel);
        }
    }
}
