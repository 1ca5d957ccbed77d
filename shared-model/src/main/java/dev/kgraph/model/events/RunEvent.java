package dev.kgraph.model.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.kgraph.model.json.RawJsonMap;
import dev.kgraph.model.runs.Run;
import java.util.Map;
import tools.jackson.databind.annotation.JsonDeserialize;

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
     * A run was handed to an executor. No longer written: nothing read it, and every record here costs every gateway
     * a decode. The type stays so that records written before can still be read (and skipped).
     */
    record RunStarted(String threadId, Run run, int attempt) implements RunEvent {
    }

    /**
     * A run reached a final state. {@code result} is the {@code runs/wait} body; {@code values} the final state, or
     * null when it is the result (a completed run's: the whole state is then sent once, see {@link #finalValues()});
     * {@code error} is {@code {"error", "message"}} when it failed.
     */
    record RunCompleted(String threadId, Run run, @JsonDeserialize(using = RawJsonMap.Reader.class) Object result,
                        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonDeserialize(using = RawJsonMap.Reader.class)
                        Map<String, Object> values,
                        Map<String, Object> error, String runStartedAt, String runEndedAt) implements RunEvent {

        /** The thread's values when the run ended ({@code values}, or the result when they are the same). */
        @SuppressWarnings("unchecked")
        public Map<String, Object> finalValues() {
            return values != null ? values : result instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        }
    }
}
