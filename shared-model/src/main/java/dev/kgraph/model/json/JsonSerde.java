package dev.kgraph.model.json;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for the project's records. A record that cannot be read yields {@code null} rather than an exception,
 * so one malformed message never poisons a partition; consumers treat {@code null} as "skip and count".
 */
public final class JsonSerde<T> implements Serde<T> {
    private final Class<T> type;
    private final boolean attaching;

    public JsonSerde(Class<T> type) {
        this(type, false);
    }

    private JsonSerde(Class<T> type, boolean attaching) {
        this.type = type;
        this.attaching = attaching;
    }

    /**
     * A serde that carries a record's large raw values in its headers ({@link RawJsonHeaders}): for the topics whose
     * records bring a run's final values (a long thread's whole history) to a reader that passes them on unread.
     * Written without headers (a state store), a record keeps them inline.
     */
    public static <T> JsonSerde<T> attachingLargeValues(Class<T> type) {
        return new JsonSerde<>(type, true);
    }

    @Override
    public Serializer<T> serializer() {
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, T data) {
                return data == null ? null : Json.write(data);
            }

            @Override
            public byte[] serialize(String topic, Headers headers, T data) {
                if (data == null) {
                    return null;
                }
                return attaching && headers != null ? RawJsonHeaders.write(data, headers) : Json.write(data);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return new Deserializer<>() {
            @Override
            public T deserialize(String topic, byte[] bytes) {
                return deserialize(topic, null, bytes);
            }

            @Override
            public T deserialize(String topic, Headers headers, byte[] bytes) {
                if (bytes == null) {
                    return null;
                }
                try {
                    return RawJson.decoding(bytes, attaching ? headers : null, () -> Json.read(bytes, type));
                } catch (RuntimeException malformed) {
                    return null;
                }
            }
        };
    }
}
