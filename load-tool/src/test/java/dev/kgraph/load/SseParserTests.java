package dev.kgraph.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTests {

    /** Feeds a body split at LF, CR or CRLF, as BufferedReader.readLine does for the tool. */
    private static List<SseEvent> parse(String body) {
        var parser = new SseParser();
        var events = new ArrayList<SseEvent>();
        for (String line : body.split("\r\n|\r|\n", -1)) {
            parser.line(line).ifPresent(events::add);
        }
        parser.end();
        return events;
    }

    @Test
    void readsKgraphsCompactEventsWithTheirIds() {
        var events = parse("""
                event: metadata
                data: {"run_id":"r","attempt":1}
                id: 17

                event: values
                data: {"messages":[]}
                id: 18

                """);

        assertThat(events).containsExactly(
                new SseEvent("metadata", "{\"run_id\":\"r\",\"attempt\":1}", "17"),
                new SseEvent("values", "{\"messages\":[]}", "18"));
    }

    @Test
    void joinsTheAnchorsPrettyPrintedDataLinesWithNewlines() {
        var events = parse("event: values\ndata: {\ndata:   \"a\": 1\ndata: }\nid: 3\n\n");

        assertThat(events).singleElement().isEqualTo(new SseEvent("values", "{\n  \"a\": 1\n}", "3"));
    }

    @Test
    void skipsHeartbeatCommentsAndCountsThem() {
        var parser = new SseParser();
        assertThat(parser.line(": heartbeat")).isEmpty();
        assertThat(parser.line("")).isEmpty();
        assertThat(parser.line("data: x")).isEmpty();
        assertThat(parser.line(":")).isEmpty();
        assertThat(parser.line("")).contains(new SseEvent("message", "x", null));
        assertThat(parser.comments()).isEqualTo(2);
    }

    @Test
    void acceptsCrlfAndCrLineEnds() {
        assertThat(parse("event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\r"))
                .extracting(SseEvent::event, SseEvent::data)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "1"), org.assertj.core.groups.Tuple.tuple("b", "2"));
    }

    @Test
    void dropsOnlyOneSpaceAfterTheColonAndTakesALineWithoutColonAsAnEmptyField() {
        assertThat(parse("data:  two spaces\ndata\ndata:none\n\n"))
                .singleElement().extracting(SseEvent::data).isEqualTo(" two spaces\n\nnone");
    }

    @Test
    void aBlockWithoutDataDispatchesNothingAndFieldsDoNotLeakIntoTheNextEvent() {
        var events = parse("event: lonely\nid: 9\n\ndata: later\n\n");

        assertThat(events).containsExactly(new SseEvent("message", "later", null));
    }

    @Test
    void anEventNotClosedByABlankLineAtTheEndOfTheBodyIsDropped() {
        assertThat(parse("event: values\ndata: {}\n\nevent: values\ndata: {\"cut\":")).hasSize(1);
    }

    @Test
    void ignoresUnknownFieldsAndRetry() {
        assertThat(parse("retry: 1000\nfoo: bar\nevent: custom\ndata: {\"i\":0}\n\n"))
                .containsExactly(new SseEvent("custom", "{\"i\":0}", null));
    }
}
