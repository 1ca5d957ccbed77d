package dev.kgraph.model.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.kgraph.model.runs.Run;
import java.util.Map;

/**
 * The public lifecycle of runs (topic {@code kgraph.events}, key = thread id), written only by the thread's single
 * writer, so each run has exactly one {@link RunCompleted}. Gateways complete waiting calls from it; webhook
 * dispatchers deliver from it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RunEvent.RunStarted.class, name = "run_started"),
        @JsonSubTypes.Type(value = RunEvent.RunCompleted.class, name = "run_completed"),
})
public sealed interface RunEvent {
    String threadId();

    Run run();

    /**
     * A run was handed to an executor, as attempt {@code attempt} (above 1 after its worker died). There is no
     * "created" event: the creating gateway has the run from its reply, and every other record costs every gateway.
     */
    record RunStarted(String threadId, Run run, int attempt) implements RunEvent {
    }

    /**
     * A run reached a final state. {@code result} is the {@code runs/wait} body; {@code values} the final state;
     * {@code error} is {@code {"error", "message"}} when it failed.
     */
    record RunCompleted(String threadId, Run run, Object result, Map<String, Object> values,
                        Map<String, Object> error, String runStartedAt, String runEndedAt) implements RunEvent {
    }
}
