package dev.kgraph.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawJsonTests {
    record Envelope(String before, RawJson raw, List<RawJson> more, String after) {
    }

    @Test
    void rawValuesTravelInsideARecordAsTheirExactBytes() {
        var state = "{\"messages\":[{\"content\":\"h\\u00e9llo \\\"quoted\\\" \\u2603 é\",\"n\":[1,2.5,null,true]}],\"e\":{}}";
        var envelope = new Envelope("a", RawJson.of(utf8(state)), List.of(RawJson.of(utf8("[1,{\"x\":\"}\"}]")),
                RawJson.of(utf8("\"text\""))), "z");

        var bytes = Json.write(envelope);
        var read = RawJson.decoding(bytes, () -> Json.read(bytes, Envelope.class));

        assertThat(read.raw().toString()).isEqualTo(state);
        assertThat(read.more()).extracting(RawJson::toString).containsExactly("[1,{\"x\":\"}\"}]", "\"text\"");
        assertThat(read.before()).isEqualTo("a");
        assertThat(read.after()).isEqualTo("z");
        assertThat(Json.MAPPER.readValue(read.raw().bytes(), Map.class)).containsKey("messages");
    }

    @Test
    void aRecordDecodedByTheSerdeCarriesItsRawValuesThrough() {
        var serde = new JsonSerde<>(Envelope.class);
        var envelope = new Envelope("a", RawJson.of(utf8("{\"k\":[\"v\"]}")), List.of(), "z");

        var read = serde.deserializer().deserialize("topic", serde.serializer().serialize("topic", envelope));

        assertThat(read).isEqualTo(envelope);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
