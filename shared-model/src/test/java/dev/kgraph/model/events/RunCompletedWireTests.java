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
    void aCompletionCarriesTheRunWithoutItsKwargsSoWaitersDecodeAndKafkaStoreLess() {
        var run = run(Map.of("input", Map.of("messages", java.util.List.of("hi")), "stream_mode", "values"));

        var event = new RunEvent.RunCompleted("t", run.asCompleted(), RESULT, null, null, "s", "e");
        var decoded = (RunEvent.RunCompleted) Json.read(Json.write(event), RunEvent.class);

        assertThat(decoded.run().kwargs()).isNull();
        assertThat(decoded.run().runId()).isEqualTo("r");
        assertThat(decoded.result()).isEqualTo(RESULT);
        assertThat(RunEventHeaders.runId(RunEventHeaders.of(event))).isEqualTo("r");
        assertThat(Json.write(event).length).isLessThan(Json.write(
                new RunEvent.RunCompleted("t", run, RESULT, null, null, "s", "e")).length);
    }

    private static Run run(Map<String, Object> kwargs) {
        return new Run("r", "t", "a", "2026-12-03T00:00:00Z", "2026-12-03T00:00:01Z", RunStatus.SUCCESS,
                Map.of("graph_id", "echo"), kwargs, "enqueue");
    }
}
