package dev.kgraph.model.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.model.json.Json;
import dev.kgraph.model.runs.Run;
import dev.kgraph.model.runs.RunStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunCompletedWireTests {
    private static final Map<String, Object> RESULT = Map.of("messages", java.util.List.of("hi", "echo: hi"));

    @Test
    void aCompletionCarriesTheRunsIdsAndStatusOnlySoWaitersDecodeAndKafkaStoreLess() {
        var run = run(Map.of("input", Map.of("messages", java.util.List.of("hi")), "stream_mode", "values"));

        var event = new RunEvent.RunCompleted("t", run.asCompleted(), RESULT, null, null, "s", "e");
        var decoded = (RunEvent.RunCompleted) Json.read(Json.write(event), RunEvent.class);

        assertThat(decoded.run().kwargs()).isNull();
        assertThat(decoded.run().metadata()).isNull();
        assertThat(decoded.run().runId()).isEqualTo("r");
        assertThat(decoded.run().status()).isEqualTo(run.status());
        assertThat(decoded.result()).isEqualTo(RESULT);
        assertThat(RunEventHeaders.runId(RunEventHeaders.of(event))).isEqualTo("r");
        assertThat(Json.write(event).length).isLessThan(Json.write(
                new RunEvent.RunCompleted("t", run, RESULT, null, null, "s", "e")).length);
    }

    @Test
    void aCompletionWhoseValuesWentApartNamesTheirDispatchAndOthersDoNot() {
        var run = run(Map.of()).asCompleted();
        var apart = new RunEvent.RunCompleted("t", run, null, null, null, "s", "e", "dispatch-1");
        var plain = new RunEvent.RunCompleted("t", run, RESULT, null, null, "s", "e");

        var decoded = (RunEvent.RunCompleted) Json.read(Json.write(apart), RunEvent.class);
        assertThat(decoded.valuesFrom()).isEqualTo("dispatch-1");
        assertThat(decoded.result()).isNull();
        assertThat(new String(Json.write(plain), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("values_from").containsOnlyOnce("\"run_id\""); // the run's; no run id of its own
        assertThat(((RunEvent.RunCompleted) Json.read(Json.write(plain), RunEvent.class)).valuesFrom()).isNull();
    }

    @Test
    void runValuesTravelWithTheirLargeValuesInAHeaderAndTheRunIdHeader() {
        var values = Map.<String, Object>of("messages", java.util.List.of("x".repeat(3000)));
        // as an execution sends them: the bytes its encoder made (RawJsonMap)
        var event = new RunEvent.RunValues("t", "r", "d", dev.kgraph.model.json.RawJsonMap.of(Json.write(values)));
        var headers = RunEventHeaders.of(event);
        var serde = dev.kgraph.model.topics.Topics.EVENTS.valueSerde();

        var bytes = serde.serializer().serialize("kgraph.events", headers, event);
        assertThat(bytes.length).isLessThan(300); // the conversation is in the header, not in the JSON
        assertThat(RunEventHeaders.runId(headers)).isEqualTo("r");
        var read = (RunEvent.RunValues) serde.deserializer().deserialize("kgraph.events", headers, bytes);
        assertThat(read.values()).isEqualTo(values);
        assertThat(read.dispatchId()).isEqualTo("d");
        assertThat(read.runId()).isEqualTo("r");
    }

    private static Run run(Map<String, Object> kwargs) {
        return new Run("r", "t", "a", "2026-12-03T00:00:00Z", "2026-12-03T00:00:01Z", RunStatus.SUCCESS,
                Map.of("graph_id", "echo"), kwargs, "enqueue");
    }
}
