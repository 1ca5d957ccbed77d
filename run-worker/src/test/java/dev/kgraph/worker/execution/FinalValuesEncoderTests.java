package dev.kgraph.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.model.json.Json;
import dev.kgraph.model.json.RawJsonMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FinalValuesEncoderTests {
    private final FinalValuesEncoder encoder = new FinalValuesEncoder(16, 1 << 20);

    @Test
    void aGrowingChatIsEncodedExactlyAsJacksonEncodesItRunAfterRun() {
        var messages = new ArrayList<Object>();
        for (int run = 0; run < 50; run++) {
            messages = new ArrayList<>(messages); // as the runtime's append reducer builds it: the same entries, and more
            messages.add(message("user", "question " + run + " with \"quotes\" and é"));
            messages.add(message("ai", "answer " + run));
            var values = new LinkedHashMap<String, Object>();
            values.put("messages", messages);
            values.put("count", run);
            values.put("note", null);
            var encoded = encoder.encode("thread", values);
            assertThat(bytes(encoded)).as("run %d", run).isEqualTo(Json.write(values));
            assertThat(encoded instanceof RawJsonMap).as("run %d carried as bytes", run).isEqualTo(run >= 3);
        }
    }

    @Test
    void aListContinuedWithTheSameEntriesIsNotEncodedAgain() {
        var entries = new ArrayList<Object>();
        for (int i = 0; i < 10; i++) {
            entries.add(message("user", "m" + i));
        }
        encoder.encode("thread", Map.of("messages", entries));
        // entries are shared with stored checkpoints and must not change; one that does keeps its first encoding
        ((Map<String, Object>) entries.getFirst()).put("content", "changed");
        var next = new ArrayList<>(entries);
        next.add(message("ai", "new"));
        var encoded = new String(bytes(encoder.encode("thread", Map.of("messages", next))));
        assertThat(encoded).contains("\"m0\"").doesNotContain("changed").endsWith("\"new\"}]}");

        var elsewhere = new String(bytes(encoder.encode("another thread", Map.of("messages", next))));
        assertThat(elsewhere).contains("changed"); // nothing remembered for that thread: encoded in full
    }

    @Test
    void aListThatDoesNotContinueTheLastOneIsEncodedInFull() {
        var first = new ArrayList<Object>();
        for (int i = 0; i < 10; i++) {
            first.add(message("user", "m" + i));
        }
        encoder.encode("thread", Map.of("messages", first));
        var rewritten = new ArrayList<Object>(first.subList(1, first.size())); // the oldest message removed
        rewritten.add(message("ai", "new"));
        assertThat(bytes(encoder.encode("thread", Map.of("messages", rewritten))))
                .isEqualTo(Json.write(Map.of("messages", rewritten)));
    }

    private static Map<String, Object> message(String role, String content) {
        var m = new LinkedHashMap<String, Object>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    /** What the end report carries: the bytes, or (values without a long list) the map encoded with the report. */
    private static byte[] bytes(Map<String, Object> encoded) {
        return Json.write(encoded);
    }
}
