package dev.kgraph.model.json;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Large raw values of a record ({@link RawJson}, an undecoded {@link RawJsonMap}) carried in the record's Kafka headers
 * instead of inside its JSON. A run's final values on a long thread are the thread's whole history; inside the JSON,
 * every reader has to tokenize them to find where they end (Jackson cannot skip bytes), and the writer copies them
 * through its buffer. In a header they are one byte array the producer sends and the consumer hands over as it is.
 *
 * <p>The value's place in the JSON holds the string {@value #PLACEHOLDER}, and the header is named
 * {@value #PREFIX} followed by the value's JSON pointer in the record ({@code kgraph.raw/outcome/values}). A reader
 * takes a header's bytes only for a string at exactly that pointer, which only the writer put there, so a user's
 * value that happens to read {@value #PLACEHOLDER} stays what it is. Only the serdes of the topics that opt in
 * ({@link JsonSerde#attachingLargeValues}) write or read headers so; a state store's serde never does.
 */
public final class RawJsonHeaders {
    /** Header name prefix; the rest of the name is the value's JSON pointer. */
    public static final String PREFIX = "kgraph.raw";
    /** What the JSON holds where a value was moved to a header. */
    public static final String PLACEHOLDER = "kgraph.raw";
    /** Values shorter than this stay inline: a header costs its name and a lookup. */
    public static final int MIN_BYTES = 1024;

    private RawJsonHeaders() {
    }

    /** The generator (and its record's headers) that {@link #write} is writing on this thread. */
    private record Writing(JsonGenerator generator, Headers headers) {
    }

    private static final ThreadLocal<Writing> WRITING = new ThreadLocal<>();

    /**
     * Encodes {@code value} as {@link Json#write} does, moving its raw values of at least {@link #MIN_BYTES} into
     * {@code headers} (after removing any header of the same name, so that a record serialized twice is not doubled).
     */
    static byte[] write(Object value, Headers headers) {
        var out = new ByteArrayOutputStream(256);
        var outer = WRITING.get();
        try (var generator = Json.MAPPER.createGenerator(out)) {
            WRITING.set(new Writing(generator, headers));
            Json.MAPPER.writeValue(generator, value);
        } finally {
            if (outer == null) {
                WRITING.remove();
            } else {
                WRITING.set(outer);
            }
        }
        return out.toByteArray();
    }

    /**
     * Writes {@code bytes} as a header instead of into {@code gen}, and says whether it did: only for the top-level
     * generator of {@link #write} (not a nested encoding on the same thread) and for values of at least
     * {@link #MIN_BYTES}.
     */
    static boolean attach(JsonGenerator gen, byte[] bytes) {
        var writing = WRITING.get();
        if (writing == null || writing.generator() != gen || bytes.length < MIN_BYTES) {
            return false;
        }
        gen.writeString(PLACEHOLDER);
        // after the value: an array's index then counts it (the pointer of what was just written)
        var name = PREFIX + gen.streamWriteContext().pathAsPointer();
        writing.headers().remove(name);
        writing.headers().add(name, bytes);
        return true;
    }

    /** The raw values a record carries in {@code headers}, by JSON pointer; null when it carries none. */
    static Map<String, byte[]> of(Headers headers) {
        if (headers == null) {
            return null;
        }
        Map<String, byte[]> attached = null;
        for (Header header : headers) {
            if (header.key().startsWith(PREFIX)) {
                if (attached == null) {
                    attached = new HashMap<>(4);
                }
                attached.put(header.key().substring(PREFIX.length()), header.value());
            }
        }
        return attached;
    }

    /** The attached bytes of the value {@code p} is at, or null when it is not a placeholder of {@code attached}. */
    static byte[] take(JsonParser p, Map<String, byte[]> attached) {
        if (attached == null || p.currentToken() != JsonToken.VALUE_STRING) {
            return null;
        }
        var bytes = attached.get(p.streamReadContext().pathAsPointer().toString());
        return bytes != null && PLACEHOLDER.equals(p.getString()) ? bytes : null;
    }
}
