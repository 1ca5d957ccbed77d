package dev.kgraph.model.json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.json.JsonGeneratorBase;

/**
 * Encoded JSON as Jackson's generators take raw UTF-8 ({@code writeRawValue}): copied into their buffer as it is,
 * without the round trip through a {@code String} that {@code writeRawValue(String)} makes.
 */
record RawUtf8(byte[] bytes) implements SerializableString {

    /**
     * Writes {@code json} as a raw value when {@code gen} writes JSON text, and says whether it did; any other
     * generator (e.g. the token buffer of {@code convertValue}) is left to the caller.
     */
    static boolean writeTo(JsonGenerator gen, byte[] json) {
        if (gen instanceof JsonGeneratorBase) {
            gen.writeRawValue(new RawUtf8(json));
            return true;
        }
        return false;
    }

    @Override
    public String getValue() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public char[] asQuotedChars() {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return bytes;
    }

    @Override
    public byte[] asQuotedUTF8() {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        if (offset + bytes.length > buffer.length) {
            return -1; // the generator then writes asUnquotedUTF8()
        }
        System.arraycopy(bytes, 0, buffer, offset, bytes.length);
        return bytes.length;
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        var text = getValue();
        if (offset + text.length() > buffer.length) {
            return -1;
        }
        text.getChars(0, text.length(), buffer, offset);
        return text.length();
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(bytes);
        return bytes.length;
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        if (buffer.remaining() < bytes.length) {
            return -1;
        }
        buffer.put(bytes);
        return bytes.length;
    }
}
