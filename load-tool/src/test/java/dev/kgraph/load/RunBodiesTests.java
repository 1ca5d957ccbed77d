package dev.kgraph.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunBodiesTests {

    @Test
    void anEchoStateAnswersWhenItsLastMessageIsTheEchoOfTheCall() {
        var body = """
                {"messages":[{"role":"user","content":"hi 1"},{"role":"assistant","content":"echo: hi 1"},\
                {"role":"user","content":"hi 2"},{"role":"assistant","content":"echo: hi 2"}]}""";

        assertThat(RunBodies.echoes("echo", body, "hi 2")).isTrue();
        assertThat(RunBodies.echoes("echo", body, "hi 1")).as("an earlier turn's echo is not this call's").isFalse();
    }

    @Test
    void messagesWithFieldsAfterTheirContentAndSpacesAroundTheColonAreRead() {
        // LangChain's message form, as the reference server writes it
        var body = """
                {"messages": [{"content" : "hi", "type": "human", "id": "1"},
                  {"content" : "echo: hi", "additional_kwargs": {}, "type": "ai", "name": null, "id": "2"}]}
                """;

        assertThat(RunBodies.echoes("echo", body, "hi")).isTrue();
    }

    @Test
    void escapedQuotesInsideContentNeitherMatchTheKeyNorBreakTheValue() {
        var body = """
                {"messages":[{"content":"say \\"content\\": x"},{"content":"echo: say \\"content\\": x"}]}""";

        assertThat(RunBodies.lastContent(body)).isEqualTo("echo: say \"content\": x");
        assertThat(RunBodies.echoes("echo", body, "say \"content\": x")).isTrue();
    }

    @Test
    void whatIsNotAWholeObjectWithAStringContentIsNoEcho() {
        assertThat(RunBodies.echoes("echo", "{\"messages\":[{\"content\":\"echo: hi", "hi"))
                .as("truncated").isFalse();
        assertThat(RunBodies.echoes("echo", "{\"messages\":[]}", "hi")).isFalse();
        assertThat(RunBodies.echoes("echo", "{\"messages\":[{\"content\":[\"echo: hi\"]}]}", "hi")).isFalse();
        assertThat(RunBodies.echoes("echo", "not json", "hi")).isFalse();
    }

    @Test
    void anyOtherGraphsAnswerCounts() {
        assertThat(RunBodies.echoes("counter", "{\"count\":3}", "hi")).isTrue();
    }
}
