package dev.kgraph.model.progress;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kgraph.model.json.RawJsonMap;
import dev.kgraph.model.runs.RunStatus;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * How a run ended. {@link #body()} is the body of {@code runs/wait} and {@code join} (final values,
 * {@code {"__interrupt__": [...]}} or {@code {"__error__": {...}}}); {@code values}, {@code interrupts} and
 * {@code hasNext} become the thread's; {@code error} is {@code {"error": type, "message": text}} when it failed.
 *
 * @param result the body when it is not the final values, else null: a run that completed answers with its values,
 *     which are then encoded, sent and decoded once instead of twice (they are the whole state of the thread)
 */
public record RunOutcome(RunStatus status,
                         @JsonInclude(JsonInclude.Include.NON_NULL) @JsonDeserialize(using = RawJsonMap.Reader.class)
                         Object result,
                         @JsonDeserialize(using = RawJsonMap.Reader.class) Map<String, Object> values,
                         Map<String, List<Object>> interrupts, boolean hasNext,
                         Map<String, Object> error, String startedAt, String endedAt) {

    /** The same end with other final values (encoded, left out of a report, or read from a checkpoint). */
    public RunOutcome withValues(Map<String, Object> values) {
        return new RunOutcome(status, result, values, interrupts, hasNext, error, startedAt, endedAt);
    }

    /** What {@code runs/wait} answers: {@code result}, or the final values when it is null. */
    public Object body() {
        return result != null ? result : values;
    }
}
