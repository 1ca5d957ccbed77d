package dev.kgraph.standalone;

import dev.kgraph.standalone.broker.KraftBroker;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Holds Spring's start, once every bean is built, until the embedded Kafka node serves. The node starts on a thread
 * of its own while Spring builds the gateway's and the worker's beans ({@link Standalone}); what talks to Kafka at
 * start-up comes after this point: the topics' creation ({@code KafkaAdmin}, itself a
 * {@link SmartInitializingSingleton}), then the listeners and Kafka Streams as lifecycle beans. {@link Standalone}
 * registers it before any other bean, so its callback is the first of its kind to run.
 */
final class KafkaNodeGate implements SmartInitializingSingleton {

    private final KraftBroker.Launch node;

    KafkaNodeGate(KraftBroker.Launch node) {
        this.node = node;
    }

    /** @throws IllegalStateException if the node did not start, which fails Spring's start with that cause */
    @Override
    public void afterSingletonsInstantiated() {
        node.await();
    }
}
