package dev.kgraph.model.topics;

import org.apache.kafka.common.serialization.Serde;

/** A topic's name together with its key and value serdes, so producers and consumers cannot disagree. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
