package dev.kgraph.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamCheckTests {

    private static SseEvent event(String name, String data) {
        return new SseEvent(name, data, null);
    }

    @Test
    void echoPassesWhenTheLastValuesEndWithTheAnswerToItsOwnMessage() {
        var check = StreamCheck.forRun("echo", "hi c1-2", 0);
        check.accept(event("metadata", "{\"run_id\":\"r\"}"));
        check.accept(event("values", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi c1-2\"}]}"));
        check.accept(event("values", """
                {
                  "messages": [{"role": "user", "content": "hi c1-2"}, {"role": "ai", "content": "echo: hi c1-2"}]
                }"""));
        assertThat(check.problem()).isNull();
    }

    @Test
    void echoFailsOnAnotherRunsAnswerOrAStreamThatStoppedBeforeTheAnswer() {
        var other = StreamCheck.forRun("echo", "hi c1-2", 0);
        other.accept(event("values", "{\"messages\":[{\"content\":\"echo: hi c9-9\"}]}"));
        assertThat(other.problem()).isEqualTo("final values without the echo");

        var early = StreamCheck.forRun("echo", "hi", 0);
        early.accept(event("metadata", "{}"));
        assertThat(early.problem()).isEqualTo("no values event");

        assertThat(StreamCheck.forRun("echo", "hi", 0).problem()).isEqualTo("no events");
    }

    @Test
    void emitterPassesOnlyWithEveryIndexOnceAndInOrder() {
        var complete = StreamCheck.forRun("emitter", null, 3);
        complete.accept(event("metadata", "{}"));
        for (int i = 0; i < 3; i++) {
            complete.accept(event("custom", "{\"i\":" + i + "}"));
        }
        assertThat(complete.problem()).isNull();

        var swapped = StreamCheck.forRun("emitter", null, 3);
        swapped.accept(event("custom", "{\"i\":0}"));
        swapped.accept(event("custom", "{\"i\":2}"));
        swapped.accept(event("custom", "{\"i\":1}"));
        assertThat(swapped.problem()).isEqualTo("custom events missing or out of order");

        var short1 = StreamCheck.forRun("emitter", null, 3);
        short1.accept(event("custom", "{\"i\":0}"));
        assertThat(short1.problem()).isEqualTo("custom events missing (stream ended early)");

        var extra = StreamCheck.forRun("emitter", null, 1);
        extra.accept(event("custom", "{\"i\":0}"));
        extra.accept(event("custom", "{\"i\":1}"));
        assertThat(extra.problem()).isEqualTo("extra custom events");
    }

    @Test
    void anErrorEventFailsAnyStream() {
        var check = StreamCheck.forRun("fail", null, 0);
        check.accept(event("metadata", "{}"));
        check.accept(event("error", "{\"error\":\"IllegalStateException\",\"message\":\"boom\"}"));
        assertThat(check.problem()).startsWith("error event: ").contains("boom");
    }
}
