package dev.kgraph.model.progress;

import dev.kgraph.model.runs.RunStatus;
import java.util.List;
import java.util.Map;

/**
 * How a run ended. {@code result} is the body of {@code runs/wait} and {@code join} (final values,
 * {@code {"__interrupt__": [...]}} or {@code {"__error__": {...}}}); {@code values}, {@code interrupts} and
 * {@code hasNext} become the thread's; {@code error} is {@code {"error": type, "message": text}} when it failed.
 */
public record RunOutcome(RunStatus status, Object result, Map<String, Object> values,
                         Map<String, List<Object>> interrupts, boolean hasNext, Map<String, Object> error,
                         String startedAt, String endedAt) {
}
