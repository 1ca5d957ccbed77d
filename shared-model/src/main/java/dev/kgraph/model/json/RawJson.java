package dev.kgraph.model.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A JSON value carried as its encoded bytes inside another record: written into the record's JSON as it is, and read
 * back as the exact bytes it occupies there, without building a tree. A checkpoint goes from the executor, which
 * encodes it once, through {@code kgraph.progress} into the sequencer's store that way: it is never decoded nor
 * encoded again on the way (it is the thread's whole state).
 */
@JsonSerialize(using = RawJson.Writer.class)
@JsonDeserialize(using = RawJson.Reader.class)
public record RawJson(byte[] bytes) {

    public static RawJson of(byte[] json) {
        return new RawJson(json);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawJson raw && Arrays.equals(bytes, raw.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static final class Writer extends ValueSerializer<RawJson> {
        @Override
        public void serialize(RawJson value, JsonGenerator gen, SerializationContext ctxt) {
            if (RawJsonHeaders.attach(gen, value.bytes())) {
                return;
            }
            if (!RawUtf8.writeTo(gen, value.bytes())) { // e.g. convertValue's token buffer, which keeps raw text
                gen.writeRawValue(new String(value.bytes(), StandardCharsets.UTF_8));
            }
        }
    }

    /** The record being decoded on this thread by {@link #decoding}: its bytes, and its raw values held in headers. */
    private record Decoding(byte[] input, Map<String, byte[]> attached) {
    }

    private static final ThreadLocal<Decoding> DECODING = new ThreadLocal<>();

    /**
     * Decodes {@code input} with {@code read}, letting the raw values in it be taken as slices of {@code input}
     * (Jackson tells where a value starts and ends, but does not hand out its input). {@link JsonSerde} decodes
     * every record so.
     */
    public static <T> T decoding(byte[] input, java.util.function.Supplier<T> read) {
        return decoding(input, null, read);
    }

    /**
     * As {@link #decoding(byte[], java.util.function.Supplier)}, for a record whose large raw values are in
     * {@code headers} ({@link RawJsonHeaders}).
     */
    static <T> T decoding(byte[] input, Headers headers, java.util.function.Supplier<T> read) {
        var outer = DECODING.get();
        DECODING.set(new Decoding(input, RawJsonHeaders.of(headers)));
        try {
            return read.get();
        } finally {
            if (outer == null) {
                DECODING.remove();
            } else {
                DECODING.set(outer);
            }
        }
    }

    /** The bytes of the value {@code p} is at when the record carries it in a header, else null. */
    static byte[] attached(JsonParser p) {
        var decoding = DECODING.get();
        return decoding == null ? null : RawJsonHeaders.take(p, decoding.attached());
    }

    /**
     * The bytes of the value {@code p} is at (an object, an array or a string), with the parser moved past the value:
     * the header's bytes when the record carries it in one ({@link RawJsonHeaders}), else a slice of the record being
     * decoded by {@link #decoding}; null when the parser reads from anything else (it is then left where it is).
     */
    static byte[] slice(JsonParser p) {
        var attached = attached(p);
        if (attached != null) {
            return attached; // the placeholder, a string, is the current token: nothing to skip
        }
        var decoding = DECODING.get();
        long start = p.currentTokenLocation().getByteOffset();
        if (decoding == null || start < 0) {
            return null;
        }
        var input = decoding.input();
        p.skipChildren(); // an object or array: to its closing token
        p.finishToken(); // a string: parsers read its end lazily
        long end = p.currentLocation().getByteOffset();
        if (end > start && end <= input.length) {
            return Arrays.copyOfRange(input, (int) start, (int) end);
        }
        throw new IllegalStateException("raw JSON value at bytes " + start + ".." + end
                + " lies outside its input of " + input.length + " bytes");
    }

    static final class Reader extends ValueDeserializer<RawJson> {
        @Override
        public RawJson deserialize(JsonParser p, DeserializationContext ctxt) {
            // decoded from a byte array by decoding(): the value's bytes are a slice of it
            var slice = slice(p);
            if (slice != null) {
                return new RawJson(slice);
            }
            // any other source: through a tree (slower, same bytes up to whitespace)
            return new RawJson(Json.write(ctxt.readTree(p)));
        }
    }
}
