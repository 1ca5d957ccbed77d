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

    /** Whether the run has a webhook to call when it ends. */
    public boolean hasWebhook() {
        return kwargs != null && kwargs.get("webhook") instanceof String;
    }

    /**
     * The run as a completion event carries it: whole when a webhook will send it, else without its kwargs (input,
     * config...), which no reader of completions uses and which are most of its bytes.
     */
    public Run asCompleted() {
        return hasWebhook() ? this
                : new Run(runId, threadId, assistantId, createdAt, updatedAt, status, metadata, null, multitaskStrategy);
    }
}
