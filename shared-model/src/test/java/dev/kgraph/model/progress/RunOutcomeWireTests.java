package dev.kgraph.model.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.model.events.RunEvent;
import dev.kgraph.model.json.Json;
import dev.kgraph.model.runs.Run;
import dev.kgraph.model.runs.RunStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The final state of a thread travels once per record, not twice, when it is also the run's answer. */
class RunOutcomeWireTests {
    private static final Map<String, Object> STATE = Map.of("messages", List.of(Map.of("content", "a long state")));

    @Test
    void aCompletedRunsEndCarriesItsValuesOnceAndAnswersWithThem() {
        var outcome = new RunOutcome(RunStatus.SUCCESS, null, STATE, Map.of(), false, null, "t0", "t1");

        var json = new String(Json.write(outcome), StandardCharsets.UTF_8);
        var read = Json.read(json.getBytes(StandardCharsets.UTF_8), RunOutcome.class);

        assertThat(json).doesNotContain("\"result\"").containsOnlyOnce("a long state");
        assertThat(read.body()).isEqualTo(STATE);
        assertThat(read.values()).isEqualTo(STATE);
    }

    @Test
    void aFailedRunsEndKeepsItsErrorBodyApartFromItsValues() {
        var error = Map.<String, Object>of("__error__", Map.of("error", "ValueError", "message", "boom"));
        var outcome = new RunOutcome(RunStatus.ERROR, error, STATE, Map.of(), false, null, "t0", "t1");

        var read = Json.read(Json.write(outcome), RunOutcome.class);

        assertThat(read.body()).isEqualTo(error);
        assertThat(read.values()).isEqualTo(STATE);
    }

    @Test
    void aCompletionWhoseValuesAreItsResultSendsThemOnceAndStillGivesThemToWebhooks() {
        var run = new Run("r", "t", "a", "t0", "t1", RunStatus.SUCCESS, Map.of(), Map.of(), "enqueue");
        var completed = new RunEvent.RunCompleted("t", run, STATE, null, null, "t0", "t1");

        var json = new String(Json.write(completed), StandardCharsets.UTF_8);
        var read = (RunEvent.RunCompleted) Json.read(json.getBytes(StandardCharsets.UTF_8), RunEvent.class);

        assertThat(json).containsOnlyOnce("a long state");
        assertThat(read.result()).isEqualTo(STATE);
        assertThat(read.finalValues()).isEqualTo(STATE);
    }

    @Test
    void anEndNamesTheSuccessorItsExecutionStartedAndAnEndWithoutOneReadsAsBefore() {
        var outcome = new RunOutcome(RunStatus.SUCCESS, null, STATE, Map.of(), false, null, "t0", "t1");
        var handedOn = new RunProgress.RunFinished("t", "r", 1, "d1", outcome, List.of(), "d2");
        var plain = new RunProgress.RunFinished("t", "r", 1, "d1", outcome);

        var handedOnJson = new String(Json.write(handedOn), StandardCharsets.UTF_8);
        var plainJson = new String(Json.write(plain), StandardCharsets.UTF_8);

        assertThat(((RunProgress.RunFinished) Json.read(handedOnJson.getBytes(StandardCharsets.UTF_8),
                RunProgress.class)).successor()).isEqualTo("d2");
        assertThat(plainJson).doesNotContain("successor"); // records as written before the field existed
        assertThat(((RunProgress.RunFinished) Json.read(plainJson.getBytes(StandardCharsets.UTF_8),
                RunProgress.class)).successor()).isNull();
    }

    @Test
    void anEndWhoseValuesWentApartSaysSoAndOthersReadAsBefore() {
        var outcome = new RunOutcome(RunStatus.SUCCESS, null, null, Map.of(), false, null, "t0", "t1");
        var apart = new RunProgress.RunFinished("t", "r", 1, "d1", outcome, List.of(), null, true);
        var plain = new RunProgress.RunFinished("t", "r", 1, "d1", outcome);

        var plainJson = new String(Json.write(plain), StandardCharsets.UTF_8);
        assertThat(plainJson).doesNotContain("values_sent");
        assertThat(((RunProgress.RunFinished) Json.read(plainJson.getBytes(StandardCharsets.UTF_8),
                RunProgress.class)).valuesSent()).isFalse();
        assertThat(((RunProgress.RunFinished) Json.read(Json.write(apart), RunProgress.class)).valuesSent()).isTrue();
    }
}
