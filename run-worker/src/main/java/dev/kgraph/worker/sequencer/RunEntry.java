package dev.kgraph.worker.sequencer;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kgraph.model.json.RawJsonMap;
import dev.kgraph.model.runs.Run;
import dev.kgraph.model.runs.RunStatus;
import dev.kgraph.model.time.Timestamps;
import dev.kgraph.model.webhooks.WebhookDelivery;
import java.util.Map;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A run as its thread's writer stores it. {@code attempt} counts dispatches and {@code dispatchId} names the last
 * one: progress of any other dispatch is ignored (fencing; see {@code RunProgress}). {@code result} is the
 * {@code runs/wait} body once the run ended, kept so that {@code join} answers at once even long after the end; null
 * when that body was the thread's final values, which are not kept with every run: {@code resultCheckpoint} then
 * names the checkpoint holding them (see {@link #answeredWithStateOf}). {@code acknowledgement}, while the run has not
 * ended: the reply its creator takes the run's end for (see {@link SequencerState#oweAcknowledgement}), kept so that
 * recovery can still send it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL) // absent reads back as null: fewer changelog bytes per write
record RunEntry(Run run, String graphId, boolean temporary, int attempt, String dispatchId, String startedAt, String endedAt,
                @JsonDeserialize(using = RawJsonMap.Reader.class) Object result, Map<String, Object> error,
                String cancelAction, WebhookDelivery webhook, Acknowledgement acknowledgement,
                String resultCheckpoint) {

    /** Where the acknowledgement of a run's creation goes: the request it answers and the gateway that sent it. */
    record Acknowledgement(String requestId, String replyTo) {
    }

    static RunEntry pending(Run run, String graphId, boolean temporary) {
        return new RunEntry(run, graphId, temporary, 0, null, null, null, null, null, null, null, null, null);
    }

    /** The same run, whose creator waits for this acknowledgement unless the run ends first. */
    RunEntry owing(Acknowledgement owed) {
        return new RunEntry(run, graphId, temporary, attempt, dispatchId, startedAt, endedAt, result, error,
                cancelAction, webhook, owed, resultCheckpoint);
    }

    /** A cancel was requested while it runs; {@code rollback} also erases it when it ends. */
    RunEntry cancelling(String action) {
        return new RunEntry(run, graphId, temporary, attempt, dispatchId, startedAt, endedAt, result, error, action,
                webhook, acknowledgement, resultCheckpoint);
    }

    /** Its execution died with its worker: back to {@code pending}, keeping the attempt count, to start again. */
    RunEntry requeued(String now) {
        return new RunEntry(run.withStatus(run.status().transitionTo(RunStatus.PENDING), now), graphId, temporary,
                attempt, dispatchId, startedAt, null, null, null, null, webhook, acknowledgement, null);
    }

    /** Whether its executions publish their stream events ({@code kwargs.streamed}: someone streams or joined it). */
    boolean isStreamed() {
        return Boolean.TRUE.equals(run.kwargs().get("streamed"));
    }

    /** The same run with {@code kwargs.streamed = true}: its executions publish their stream events. */
    RunEntry streamed() {
        var kwargs = new java.util.LinkedHashMap<String, Object>(run.kwargs());
        kwargs.put("streamed", true);
        var streamedRun = new Run(run.runId(), run.threadId(), run.assistantId(), run.createdAt(), run.updatedAt(),
                run.status(), run.metadata(), kwargs, run.multitaskStrategy());
        return new RunEntry(streamedRun, graphId, temporary, attempt, dispatchId, startedAt, endedAt, result, error,
                cancelAction, webhook, acknowledgement, resultCheckpoint);
    }

    RunEntry withWebhook(WebhookDelivery delivery) {
        return new RunEntry(run, graphId, temporary, attempt, dispatchId, startedAt, endedAt, result, error,
                cancelAction, delivery, acknowledgement, resultCheckpoint);
    }

    /** Due to start: its {@code created_at} (the scheduled time under {@code after_seconds}) has passed. */
    boolean isDue(java.time.Instant now) {
        return !Timestamps.parse(run.createdAt()).isAfter(now);
    }

    boolean rollingBack() {
        return "rollback".equals(cancelAction);
    }

    RunStatus status() {
        return run.status();
    }

    /** Dispatched again, under a fresh {@code dispatchId}: a replayed decision never reuses the lost one's id. */
    RunEntry started(String now) {
        return startedAs(attempt + 1, java.util.UUID.randomUUID().toString(), now);
    }

    /**
     * Started by the dispatch {@code attempt}, {@code dispatchId}: made now ({@link #started}), or in advance for a
     * successor its predecessor's execution started ({@code RunDispatcher#offerSuccessor}), confirmed now.
     */
    RunEntry startedAs(int attempt, String dispatchId, String now) {
        return new RunEntry(run.withStatus(run.status().transitionTo(RunStatus.RUNNING), now), graphId, temporary,
                attempt, dispatchId, now, null, null, null, null, webhook, acknowledgement, null);
    }

    /**
     * The ended run as stored when its body was the thread's final values: without them, naming instead the
     * checkpoint it ended at ({@code checkpointId}, root namespace, written by the run), whose state they are. A long
     * chat's values are its whole conversation, and each run keeping a copy made a thread's runs hold its history
     * once per run. A {@code join} of the run reads them back from that checkpoint, or, once it is pruned,
     * answers with the thread's values, as LangGraph Platform answers any finished run (Python reads the thread row,
     * the JS server {@code thread.values}).
     */
    RunEntry answeredWithStateOf(String checkpointId) {
        return new RunEntry(run, graphId, temporary, attempt, dispatchId, startedAt, endedAt, null, error,
                cancelAction, webhook, acknowledgement, checkpointId);
    }

    RunEntry ended(RunStatus status, Object result, Map<String, Object> error, String startedAt, String endedAt) {
        return new RunEntry(run.withStatus(run.status().transitionTo(status), endedAt), graphId, temporary, attempt,
                dispatchId, startedAt != null ? startedAt : this.startedAt, endedAt, result, error, cancelAction,
                webhook, null, null); // the end answers its creator
    }
}
