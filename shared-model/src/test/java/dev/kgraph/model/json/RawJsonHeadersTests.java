package dev.kgraph.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.kgraph.model.progress.RunOutcome;
import dev.kgraph.model.progress.RunProgress;
import dev.kgraph.model.runs.RunStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

class RawJsonHeadersTests {
    private final JsonSerde<RunProgress> serde = JsonSerde.attachingLargeValues(RunProgress.class);

    @Test
    void aRunsLargeValuesTravelInHeadersAndComeBackAsTheirExactBytes() {
        var values = chat(400);
        var bigCheckpoint = "{\"checkpoint\":" + chat(300) + "}";
        var end = finished(RawJsonMap.of(utf8(values)), List.of(
                new RunProgress.SavedCheckpoint("", "c1", RawJson.of(utf8("{\"small\":true}"))),
                new RunProgress.SavedCheckpoint("", "c2", RawJson.of(utf8(bigCheckpoint)))));
        var headers = new RecordHeaders();

        var json = serde.serializer().serialize("kgraph.progress", headers, end);

        assertThat(names(headers)).containsExactly("kgraph.raw/outcome/values", "kgraph.raw/checkpoints/1/tuple");
        assertThat(json.length).isLessThan(400); // the envelope only: ids, status, the small checkpoint
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("{\"small\":true}");
        var read = (RunProgress.RunFinished) serde.deserializer().deserialize("kgraph.progress", headers, json);
        assertThat(((RawJsonMap) read.outcome().values()).undecodedJson()).isEqualTo(utf8(values));
        assertThat(read.checkpoints()).extracting(c -> c.tuple().toString())
                .containsExactly("{\"small\":true}", bigCheckpoint);
        assertThat(read.outcome().values()).containsKey("messages");
    }

    @Test
    void withoutHeadersTheRecordIsWholeJsonAsBefore() {
        var values = chat(400);
        var end = finished(RawJsonMap.of(utf8(values)), List.of());

        var json = serde.serializer().serialize("kgraph.progress", end); // e.g. a state store's write

        assertThat(new String(json, StandardCharsets.UTF_8)).contains(values);
        var read = (RunProgress.RunFinished) serde.deserializer().deserialize("kgraph.progress", json);
        assertThat(((RawJsonMap) read.outcome().values()).undecodedJson()).isEqualTo(utf8(values));
        // and a serde that does not attach writes inline even when it is given headers
        var headers = new RecordHeaders();
        var plain = new JsonSerde<>(RunProgress.class).serializer().serialize("t", headers, end);
        assertThat(headers.toArray()).isEmpty();
        assertThat(plain).isEqualTo(json);
    }

    @Test
    void aUsersValueThatReadsLikeThePlaceholderStaysWhatItIs() {
        var outcome = new RunOutcome(RunStatus.ERROR, RawJsonHeaders.PLACEHOLDER, RawJsonMap.of(utf8(chat(100))),
                Map.of(), false, Map.of("error", "E", "message", RawJsonHeaders.PLACEHOLDER), null, null);
        var end = new RunProgress.RunFinished("t", "r", 1, "d", outcome);
        var headers = new RecordHeaders();

        var json = serde.serializer().serialize("kgraph.progress", headers, end);
        var read = (RunProgress.RunFinished) serde.deserializer().deserialize("kgraph.progress", headers, json);

        assertThat(names(headers)).containsExactly("kgraph.raw/outcome/values");
        assertThat(read.outcome().result()).isEqualTo(RawJsonHeaders.PLACEHOLDER);
        assertThat(read.outcome().error()).containsEntry("message", RawJsonHeaders.PLACEHOLDER);
        assertThat(read.outcome().values()).containsKey("messages");
    }

    @Test
    void aRecordSerializedTwiceWithTheSameHeadersCarriesEachValueOnce() {
        var end = finished(RawJsonMap.of(utf8(chat(100))), List.of());
        var headers = new RecordHeaders();

        serde.serializer().serialize("kgraph.progress", headers, end);
        serde.serializer().serialize("kgraph.progress", headers, end);

        assertThat(names(headers)).containsExactly("kgraph.raw/outcome/values");
    }

    @Test
    void aValueEncodedInsideAnotherEncodingOnTheSameThreadStaysInline() {
        // a nested Json.write (inside a serializer, say) must not move its values out of its own bytes
        var inner = finished(RawJsonMap.of(utf8(chat(100))), List.of());
        var headers = new RecordHeaders();
        var json = RawJsonHeaders.write(new Nesting(inner), headers);

        assertThat(names(headers)).isEmpty();
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\\\"messages\\\"");
    }

    @Test
    void placesInTheJsonAreFoundWhateverTheOrderOfTheFields() {
        var big = chat(100);
        var headers = new RecordHeaders();
        var json = RawJsonHeaders.write(new Shuffled("x", List.of(RawJson.of(utf8("1")), RawJson.of(utf8(big))),
                RawJsonMap.of(utf8(big)), "y"), headers);
        var reordered = Json.write(Json.MAPPER.readValue(json, Reordered.class)); // fields in another order

        var read = RawJson.decoding(reordered, headers, () -> Json.read(reordered, Shuffled.class));

        assertThat(read.list()).extracting(RawJson::toString).containsExactly("1", big);
        assertThat(((RawJsonMap) read.map()).undecodedJson()).isEqualTo(utf8(big));
        assertThat(read.a()).isEqualTo("x");
    }

    record Nesting(@JsonSerialize(using = AsString.class) RunProgress inner) {
    }

    /** Encodes a record on its own, inside the encoding of another: the nested write. */
    static final class AsString extends ValueSerializer<RunProgress> {
        @Override
        public void serialize(RunProgress value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(new String(Json.write(value), StandardCharsets.UTF_8));
        }

        @Override
        public void serializeWithType(RunProgress value, JsonGenerator gen, SerializationContext ctxt,
                                      TypeSerializer typeSer) {
            serialize(value, gen, ctxt);
        }
    }

    record Shuffled(String a, List<RawJson> list, @JsonDeserialize(using = RawJsonMap.Reader.class) Object map,
                    String b) {
    }

    @JsonPropertyOrder({"b", "map", "list", "a"})
    record Reordered(String a, List<Object> list, Object map, String b) {
    }

    private static RunProgress.RunFinished finished(RawJsonMap values, List<RunProgress.SavedCheckpoint> saved) {
        var outcome = new RunOutcome(RunStatus.SUCCESS, null, values, Map.of(), false, null, "s", "e");
        return new RunProgress.RunFinished("thread", "run", 1, "dispatch", outcome, saved);
    }

    private static String chat(int messages) {
        var json = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < messages; i++) {
            json.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"message ").append(i).append("\"}");
        }
        return json.append("]}").toString();
    }

    private static List<String> names(RecordHeaders headers) {
        var names = new ArrayList<String>();
        for (Header header : headers) {
            names.add(header.key());
        }
        return names;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
