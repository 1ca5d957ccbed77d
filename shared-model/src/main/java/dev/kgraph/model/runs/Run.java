package dev.kgraph.model.runs;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/** The Run object of the LangGraph Platform API, in its wire shape and key order. */
@JsonPropertyOrder({"run_id", "thread_id", "assistant_id", "created_at", "updated_at", "status", "metadata", "kwargs",
        "multitask_strategy"})
public record Run(String runId, String threadId, String assistantId, String createdAt, String updatedAt,
                  RunStatus status, Map<String, Object> metadata, Map<String, Object> kwargs,
                  String multitaskStrategy) {

    public Run withStatus(RunStatus next, String now) {
        return new Run(runId, threadId, assistantId, createdAt, now, next, metadata, kwargs, multitaskStrategy);
    }
}
