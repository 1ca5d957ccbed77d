package dev.kgraph.model.json;

import java.util.function.Predicate;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes only the records whose headers {@code wanted} accepts; the others come out as null, undecoded. Readers that
 * see every record of a topic but need few of them (a gateway reading all run completions for the few it waits on)
 * then pay a header lookup, not a JSON decode, for the rest. Readers must tell such a null from an unreadable record
 * with the same predicate.
 */
public final class GatedDeserializer<T> implements Deserializer<T> {
    private final Deserializer<T> inner;
    private final Predicate<Headers> wanted;

    public GatedDeserializer(Deserializer<T> inner, Predicate<Headers> wanted) {
        this.inner = inner;
        this.wanted = wanted;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return inner.deserialize(topic, data);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return wanted.test(headers) ? inner.deserialize(topic, headers, data) : null;
    }
}
