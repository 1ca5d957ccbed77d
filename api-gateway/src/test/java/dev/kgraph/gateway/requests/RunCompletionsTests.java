package dev.kgraph.gateway.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.model.events.RunEvent;
import dev.kgraph.model.events.RunEventHeaders;
import dev.kgraph.model.json.GatedDeserializer;
import dev.kgraph.model.runs.Run;
import dev.kgraph.model.runs.RunStatus;
import dev.kgraph.model.topics.Topics;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** A gateway decodes the completions of the runs its callers wait for, and only those. */
class RunCompletionsTests {
    private final RunCompletions completions = new RunCompletions(10);
    private final GatedDeserializer<RunEvent> events = new GatedDeserializer<>(
            Topics.EVENTS.valueSerde().deserializer(), completions::wants);

    @Test
    void aWaitedRunsCompletionIsDecodedAndAnswersItsWaiter() {
        var waiter = completions.register("run-a");
        var completed = completion("run-a", Map.of());

        var read = events.deserialize(Topics.EVENTS.name(), RunEventHeaders.of(completed), bytes(completed));
        completions.onEvent(read);

        assertThat(waiter.result()).isCompletedWithValue(Map.of("answer", 42));
    }

    @Test
    void aCompletionNobodyHereWaitsForIsNotDecoded() {
        completions.register("run-a");
        var other = completion("run-b", Map.of());

        assertThat(events.deserialize(Topics.EVENTS.name(), RunEventHeaders.of(other), bytes(other))).isNull();
        // a record written before the headers existed is decoded, so that its waiter is never missed
        assertThat(events.deserialize(Topics.EVENTS.name(), new RecordHeaders(), bytes(other))).isNotNull();
    }

    private static RunEvent.RunCompleted completion(String runId, Map<String, Object> kwargs) {
        var run = new Run(runId, "thread", "assistant", "t0", "t1", RunStatus.SUCCESS, Map.of(), kwargs, "enqueue");
        return new RunEvent.RunCompleted("thread", run, Map.of("answer", 42), null, null, "t0", "t1");
    }

    private static byte[] bytes(RunEvent event) {
        return Topics.EVENTS.valueSerde().serializer().serialize(Topics.EVENTS.name(), event);
    }
}
