package dev.kgraph.model.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.kgraph.model.json.RawJsonMap;
import dev.kgraph.model.runs.Run;
import java.util.Map;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The public lifecycle of runs (topic {@code kgraph.events}, key = thread id). {@link RunCompleted} is written only by
 * the thread's single writer, so each run has exactly one; gateways complete waiting calls from it. {@link RunValues}
 * is written by an execution: a long thread's final values sent once, straight to the waiting gateway, which takes
 * them only when the completion names that execution.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RunEvent.RunStarted.class, name = "run_started"),
        @JsonSubTypes.Type(value = RunEvent.RunCompleted.class, name = "run_completed"),
        @JsonSubTypes.Type(value = RunEvent.RunValues.class, name = "run_values"),
})
public sealed interface RunEvent {
    String threadId();

    /** The run the event is about. */
    String runId();

    /**
     * A run was handed to an executor. No longer written: nothing read it, and every record here costs every gateway
     * a decode. The type stays so that records written before can still be read (and skipped).
     */
    record RunStarted(String threadId, Run run, int attempt) implements RunEvent {
        @Override
        @JsonIgnore
        public String runId() {
            return run.runId();
        }
    }

    /**
     * A run reached a final state. {@code result} is the {@code runs/wait} body; {@code values} the final state, or
     * null when it is the result (a completed run's: the whole state is then sent once, see {@link #finalValues()});
     * {@code error} is {@code {"error", "message"}} when it failed.
     *
     * @param valuesFrom when not null, the run completed with its final values as its body, and those values are
     *     the {@link RunValues} its execution under this dispatch id sent (result and values are then null): they
     *     crossed Kafka once. A gateway that did not keep them asks the writer ({@code JoinRun}).
     */
    record RunCompleted(String threadId, Run run, @JsonDeserialize(using = RawJsonMap.Reader.class) Object result,
                        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonDeserialize(using = RawJsonMap.Reader.class)
                        Map<String, Object> values,
                        Map<String, Object> error, String runStartedAt, String runEndedAt,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String valuesFrom) implements RunEvent {

        /** A completion that carries its body. */
        public RunCompleted(String threadId, Run run, Object result, Map<String, Object> values,
                            Map<String, Object> error, String runStartedAt, String runEndedAt) {
            this(threadId, run, result, values, error, runStartedAt, runEndedAt, null);
        }

        @Override
        @JsonIgnore
        public String runId() {
            return run.runId();
        }

        /** The thread's values when the run ended ({@code values}, or the result when they are the same). */
        @SuppressWarnings("unchecked")
        public Map<String, Object> finalValues() {
            return values != null ? values : result instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        }
    }

    /**
     * A run's final values, sent by its execution (dispatch {@code dispatchId}) straight to {@code kgraph.events}
     * before it reports its end: on a long thread they are the whole conversation, and going through the writer they
     * crossed Kafka twice (end report, completion). A gateway keeps them for a run it waits for, and answers with them
     * when the run's {@link RunCompleted#valuesFrom()} names the same dispatch; an execution fenced off or revoked
     * meanwhile sent values nobody takes. Only for runs that end {@code success} with their values as the body, on a
     * thread, without a webhook, and with values large enough to ride in a header.
     */
    record RunValues(String threadId, String runId, String dispatchId,
                     @JsonDeserialize(using = RawJsonMap.Reader.class) Map<String, Object> values) implements RunEvent {
    }
}
