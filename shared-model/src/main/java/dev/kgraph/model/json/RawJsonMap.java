package dev.kgraph.model.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A JSON object read from a record and passed on as the bytes it was read from, decoded only if someone looks
 * inside. A run's {@code kwargs} and final values cross several processes between the request and the answer (the
 * gateway's request, the writer's run and thread entries, the completion, the HTTP body) and most of them never read
 * them: the thread's writer stores a run's kwargs twice and its final values three times, and the gateway hands the
 * values to the waiting client. Carried this way they are decoded and encoded once instead of at every hop, which
 * matters most on a long thread, whose values are its whole history.
 *
 * <p>A field declared {@code Map<String, Object>} (or {@code Object}) is read this way when annotated with
 * {@code @JsonDeserialize(using = RawJsonMap.Reader.class)}; it then behaves as an ordinary mutable map. Once decoded
 * (any read or write of its content), it is written from its decoded content, so a change made through it is never
 * lost; until then it is written as its bytes. Outside {@link RawJson#decoding} (e.g. an HTTP body) the reader
 * builds a plain map, as Jackson would.
 */
@JsonSerialize(using = RawJsonMap.Writer.class)
public final class RawJsonMap implements Map<String, Object> {
    private final byte[] bytes;
    private volatile LinkedHashMap<String, Object> decoded;

    private RawJsonMap(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A map carried as {@code json}, the compact encoding of a JSON object (as {@link Json#write} makes it). */
    public static RawJsonMap of(byte[] json) {
        return new RawJsonMap(json);
    }

    /**
     * A map with the content of {@code map} that another thread may decode without touching {@code map}: for a
     * {@link RawJsonMap} not yet decoded, a new one on the same bytes (which nobody changes), otherwise {@code map}.
     * The thread's writer hands its run to an execution that way, so the execution's reading of the kwargs does not
     * make the writer encode them again.
     */
    public static Map<String, Object> unshared(Map<String, Object> map) {
        return map instanceof RawJsonMap raw && !raw.isDecoded() ? new RawJsonMap(raw.bytes) : map;
    }

    /** The bytes this map is carried as, while it was not decoded (null once it was): read-only. */
    public byte[] undecodedJson() {
        return decoded == null ? bytes : null;
    }

    /** Whether the content was decoded: from then on it is written from the decoded map. */
    public boolean isDecoded() {
        return decoded != null;
    }

    /**
     * Whether {@code text} occurs in the encoded object, without decoding it. Jackson writes compact JSON and escapes
     * no ASCII letter, so a key it wrote appears as its quoted text ({@code "webhook":"} when its value is a string):
     * when that text is absent, so is the key. Present, it may still be elsewhere (inside a string): decode to know.
     */
    public boolean mayContain(String text) {
        var needle = text.getBytes(StandardCharsets.UTF_8);
        for (int at = 0, last = bytes.length - needle.length; at <= last; at++) {
            if (Arrays.equals(bytes, at, at + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> content() {
        var map = decoded;
        if (map == null) {
            synchronized (this) {
                map = decoded;
                if (map == null) {
                    map = Json.MAPPER.readValue(bytes, LinkedHashMap.class);
                    decoded = map;
                }
            }
        }
        return map;
    }

    @Override
    public int size() {
        return content().size();
    }

    @Override
    public boolean isEmpty() {
        return content().isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return content().containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return content().containsValue(value);
    }

    @Override
    public Object get(Object key) {
        return content().get(key);
    }

    @Override
    public Object put(String key, Object value) {
        return content().put(key, value);
    }

    @Override
    public Object remove(Object key) {
        return content().remove(key);
    }

    @Override
    public void putAll(Map<? extends String, ?> other) {
        content().putAll(other);
    }

    @Override
    public void clear() {
        content().clear();
    }

    @Override
    public Set<String> keySet() {
        return content().keySet();
    }

    @Override
    public Collection<Object> values() {
        return content().values();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return content().entrySet();
    }

    @Override
    public boolean equals(Object other) {
        if (other instanceof RawJsonMap raw && !isDecoded() && !raw.isDecoded() && Arrays.equals(bytes, raw.bytes)) {
            return true;
        }
        return content().equals(other);
    }

    @Override
    public int hashCode() {
        return content().hashCode();
    }

    @Override
    public String toString() {
        return content().toString();
    }

    /**
     * Writes the bytes as they are into JSON text; a decoded map (which may have been changed), or a map written to
     * anything but JSON text (e.g. the token buffer of {@code convertValue}), goes through Jackson as any map.
     */
    static final class Writer extends ValueSerializer<RawJsonMap> {
        @Override
        public void serialize(RawJsonMap value, JsonGenerator gen, SerializationContext ctxt) {
            if (!value.isDecoded() && RawJsonHeaders.attach(gen, value.bytes)) {
                return;
            }
            if (value.isDecoded() || !RawUtf8.writeTo(gen, value.bytes)) {
                ctxt.writeValue(gen, value.content());
            }
        }
    }

    /**
     * Reads a JSON object as a {@link RawJsonMap} of its bytes (a slice of the record being decoded, see
     * {@link RawJson#decoding}); anything else (null, another type, a source with no byte offsets) as Jackson reads
     * an untyped value.
     */
    public static final class Reader extends ValueDeserializer<Object> {
        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) {
            var attached = RawJson.attached(p);
            if (attached != null) { // written as a raw value: a map not decoded, unless raw JSON of another kind
                return attached[0] == '{' ? new RawJsonMap(attached) : Json.MAPPER.readValue(attached, Object.class);
            }
            if (p.currentToken() == JsonToken.START_OBJECT) {
                var slice = RawJson.slice(p);
                if (slice != null) {
                    return new RawJsonMap(slice);
                }
            }
            return ctxt.readValue(p, Object.class);
        }
    }
}
