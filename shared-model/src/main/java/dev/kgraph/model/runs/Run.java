package dev.kgraph.model.runs;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.kgraph.model.json.RawJsonMap;
import java.util.Map;
import tools.jackson.databind.annotation.JsonDeserialize;

/** The Run object of the LangGraph Platform API, in its wire shape and key order. */
@JsonPropertyOrder({"run_id", "thread_id", "assistant_id", "created_at", "updated_at", "status", "metadata", "kwargs",
        "multitask_strategy"})
public record Run(String runId, String threadId, String assistantId, String createdAt, String updatedAt,
                  RunStatus status, Map<String, Object> metadata,
                  @JsonDeserialize(using = RawJsonMap.Reader.class) Map<String, Object> kwargs,
                  String multitaskStrategy) {

    public Run withKwargs(Map<String, Object> newKwargs) {
        return new Run(runId, threadId, assistantId, createdAt, updatedAt, status, metadata, newKwargs,
                multitaskStrategy);
    }

    public Run withStatus(RunStatus next, String now) {
        return new Run(runId, threadId, assistantId, createdAt, now, next, metadata, kwargs, multitaskStrategy);
    }

    /** The run as the API shows it: its {@code kwargs} with every option ({@link RunKwargs#expand}). */
    public Run forApi() {
        var kwargsView = RawJsonMap.unshared(kwargs); // the stored run's bytes stay undecoded
        var expanded = RunKwargs.expand(kwargsView);
        return expanded == kwargsView ? this : withKwargs(expanded);
    }

    /**
     * The run as a completion event carries it: its ids and final status only. Readers of completions (a gateway's
     * waiters, the writer's owed acknowledgements) use the run's id; its kwargs, metadata, assistant and times are
     * read from the run itself by whoever needs them (a webhook's delivery, which sends the whole run, is queued by
     * the thread's writer from the stored run), and were a third of every completion's bytes.
     */
    public Run asCompleted() {
        return new Run(runId, threadId, null, null, null, status, null, null, null);
    }
}
