package dev.kgraph.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.annotation.JsonDeserialize;

class RawJsonMapTests {
    record Entry(String id, @JsonDeserialize(using = RawJsonMap.Reader.class) Map<String, Object> kwargs,
                 @JsonDeserialize(using = RawJsonMap.Reader.class) Object result) {
    }

    private static final String KWARGS = "{\"input\":{\"messages\":[{\"role\":\"user\","
            + "\"content\":\"h\\u00e9llo \\\"q\\\" é\"}]},"
            + "\"config\":{\"configurable\":{\"n\":[1,2.5,12345678901,null,true]}},\"webhook\":null}";

    @Test
    void anObjectReadFromARecordIsWrittenBackAsItsBytesWithoutBeingDecoded() {
        var bytes = utf8("{\"id\":\"a\",\"kwargs\":" + KWARGS + ",\"result\":{\"messages\":[]}}");

        var entry = read(bytes);

        assertThat(entry.kwargs()).isInstanceOf(RawJsonMap.class);
        assertThat(((RawJsonMap) entry.kwargs()).isDecoded()).isFalse();
        assertThat(new String(Json.write(entry), StandardCharsets.UTF_8)).isEqualTo(new String(bytes,
                StandardCharsets.UTF_8));
        assertThat(((RawJsonMap) entry.kwargs()).isDecoded()).isFalse();
    }

    @Test
    void itsContentIsWhatJacksonReadsAsAPlainMap() {
        var entry = read(utf8("{\"id\":\"a\",\"kwargs\":" + KWARGS + ",\"result\":null}"));

        var plain = Json.MAPPER.readValue(utf8(KWARGS), LinkedHashMap.class);
        assertThat(entry.kwargs()).isEqualTo(plain);
        assertThat(plain).isEqualTo(entry.kwargs());
        assertThat(entry.kwargs().hashCode()).isEqualTo(plain.hashCode());
        assertThat(new ArrayList<>(entry.kwargs().keySet())).containsExactly("input", "config", "webhook");
        assertThat(Json.plain(entry)).isEqualTo(Json.plain(new Entry("a", plain, null)));
    }

    @Test
    void aChangeMadeThroughItIsWrittenNotTheOriginalBytes() {
        var entry = read(utf8("{\"id\":\"a\",\"kwargs\":" + KWARGS + ",\"result\":null}"));

        entry.kwargs().put("streamed", true);
        @SuppressWarnings("unchecked")
        var input = (Map<String, Object>) entry.kwargs().get("input");
        input.put("extra", List.of(1));

        var again = read(Json.write(entry));
        assertThat(again.kwargs()).containsEntry("streamed", true);
        assertThat(again.kwargs().get("input"))
                .isEqualTo(Map.of("messages", input.get("messages"), "extra", List.of(1)));
    }

    @Test
    void valuesThatAreNotObjectsAreReadAsJacksonReadsThem() {
        assertThat(read(utf8("{\"id\":\"a\",\"kwargs\":null,\"result\":[1,{\"x\":2}]}")).result())
                .isEqualTo(List.of(1, Map.of("x", 2)));
        assertThat(read(utf8("{\"id\":\"a\",\"result\":\"text\"}")).result()).isEqualTo("text");
        assertThat(read(utf8("{\"id\":\"a\",\"result\":7}")).result()).isEqualTo(7);
        var nothing = read(utf8("{\"id\":\"a\",\"kwargs\":null,\"result\":null}"));
        assertThat(nothing.kwargs()).isNull();
        assertThat(nothing.result()).isNull();
    }

    @Test
    void readFromAnythingButARecordsBytesItIsAPlainMap() {
        var entry = Json.MAPPER.readValue("{\"id\":\"a\",\"kwargs\":" + KWARGS + "}", Entry.class);

        assertThat(entry.kwargs()).isInstanceOf(LinkedHashMap.class)
                .isEqualTo(Json.MAPPER.readValue(utf8(KWARGS), LinkedHashMap.class));
    }

    @Test
    void itIsWrittenIntoJsonTextOfAnyKindAndIntoTrees() {
        var entry = read(utf8("{\"id\":\"a\",\"kwargs\":" + KWARGS + ",\"result\":null}"));

        assertThat(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(entry)))
                .isEqualTo(Json.MAPPER.readTree("{\"id\":\"a\",\"kwargs\":" + KWARGS + ",\"result\":null}"));
        assertThat(Json.tree(entry).get("kwargs")).isEqualTo(Json.MAPPER.readTree(KWARGS));
        // a large one (larger than a generator's buffer) too
        var large = "{\"messages\":[" + "\"x\",".repeat(20_000) + "\"end\"]}";
        var big = read(utf8("{\"id\":\"b\",\"kwargs\":" + large + ",\"result\":null}"));
        assertThat(Json.MAPPER.readTree(Json.write(big)).get("kwargs")).isEqualTo(Json.MAPPER.readTree(large));
    }

    @Test
    void anUnsharedCopyIsDecodedWithoutDecodingTheOriginal() {
        var entry = read(utf8("{\"id\":\"a\",\"kwargs\":" + KWARGS + ",\"result\":null}"));
        var original = (RawJsonMap) entry.kwargs();

        var copy = RawJsonMap.unshared(original);
        assertThat(copy).isNotSameAs(original).containsKey("input");

        assertThat(original.isDecoded()).isFalse();
        assertThat(RawJsonMap.unshared(copy)).isSameAs(copy); // decoded: shared as any map
        var plain = new LinkedHashMap<String, Object>();
        assertThat(RawJsonMap.unshared(plain)).isSameAs(plain);
    }

    @Test
    void mayContainLooksForTextInTheBytes() {
        var kwargs = (RawJsonMap) read(utf8("{\"id\":\"a\",\"kwargs\":" + KWARGS + ",\"result\":null}")).kwargs();

        assertThat(kwargs.mayContain("\"webhook\":null")).isTrue();
        assertThat(kwargs.mayContain("\"webhook\":\"")).isFalse();
        assertThat(kwargs.mayContain("\"checkpoint_id\"")).isFalse();
        assertThat(kwargs.mayContain("12345678901")).isTrue();
        assertThat(kwargs.isDecoded()).isFalse();
    }

    private static Entry read(byte[] bytes) {
        return RawJson.decoding(bytes, () -> Json.read(bytes, Entry.class));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
