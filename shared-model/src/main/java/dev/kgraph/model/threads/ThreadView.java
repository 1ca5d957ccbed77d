package dev.kgraph.model.threads;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The Thread object of the LangGraph Platform API. {@code interrupts} maps a task id to the interrupts it raised;
 * {@code error} is present only when the last run failed.
 */
@JsonPropertyOrder({"thread_id", "created_at", "updated_at", "state_updated_at", "metadata", "config", "status",
        "values", "interrupts", "error"})
public record ThreadView(String threadId, String createdAt, String updatedAt, String stateUpdatedAt,
                     Map<String, Object> metadata, Map<String, Object> config, ThreadStatus status,
                     Map<String, Object> values, Map<String, List<Object>> interrupts,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Object error) {
}
