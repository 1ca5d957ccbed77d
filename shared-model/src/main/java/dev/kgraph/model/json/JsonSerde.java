package dev.kgraph.model.json;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for the project's records. A record that cannot be read yields {@code null} rather than an exception,
 * so one malformed message never poisons a partition; consumers treat {@code null} as "skip and count".
 */
public final class JsonSerde<T> implements Serde<T> {
    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> data == null ? null : Json.write(data);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return RawJson.decoding(bytes, () -> Json.read(bytes, type));
            } catch (RuntimeException malformed) {
                return null;
            }
        };
    }
}
