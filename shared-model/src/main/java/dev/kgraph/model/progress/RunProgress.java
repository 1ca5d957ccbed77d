package dev.kgraph.model.progress;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.kgraph.model.json.RawJson;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What an executor reports about a run it executes (topic {@code kgraph.progress}, key = thread id). Every message
 * carries the run's {@code attempt} and {@code dispatchId}: the thread's writer applies only messages of the dispatch
 * it made last, so a stalled or fenced-off executor cannot change a thread after another one took over. The attempt
 * alone is not enough: a dispatch that died uncommitted with its worker is made again under the same attempt number
 * by the next owner, while the first execution may still have reported. {@code dispatchId} is null in records written
 * before it existed; those are matched on the attempt alone.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RunProgress.CheckpointSaved.class, name = "checkpoint_saved"),
        @JsonSubTypes.Type(value = RunProgress.RunFinished.class, name = "run_finished"),
})
public sealed interface RunProgress {
    String threadId();

    String runId();

    int attempt();

    /** The dispatch this execution belongs to (a random id the writer drew when it dispatched the run), or null. */
    String dispatchId();

    /**
     * A checkpoint to store, whole: a new superstep's, or an existing one with pending writes (interrupts, errors,
     * resume values) added, which replaces it. Its channel values and {@code metadata.writes} are the step's
     * {@code values} and per-node {@code updates}, so stream modes can later be served from this topic.
     */
    record CheckpointSaved(String threadId, String runId, int attempt, String dispatchId, String checkpointNs,
                           String checkpointId, JsonNode tuple) implements RunProgress {
    }

    /**
     * The run ended (or paused at an interrupt); nothing more comes for this attempt. {@code checkpoints} are the
     * checkpoints saved since the execution last reported any, in the order they were saved (each at its latest
     * version): under {@code durability=async} and {@code exit} an execution holds its checkpoints back for a moment
     * and a short run reports all of them with its end, in one record, instead of one record per checkpoint and per
     * write. The writer stores them before it settles the run.
     *
     * <p>{@code successor}: the dispatch id of the thread's next run, offered to this execution in advance by the
     * writer, which the execution started at once from its final state, in the slot it freed (a queued run then need
     * not wait for the writer to read this record); null when it started none. The writer confirms that run as
     * started, or revokes it when the thread went another way meanwhile (see {@code RunDispatcher#offerSuccessor}).
     *
     * <p>{@code valuesSent}: the run ended {@code success} with its final values as its body, at the last checkpoint
     * it saved, and the execution sent those values straight to the gateways ({@code RunEvent.RunValues}, same
     * dispatch id) instead of in {@code outcome}, whose values are then null. The writer takes the thread's values to
     * be that checkpoint's state, and its completion names this dispatch instead of carrying them.
     */
    record RunFinished(String threadId, String runId, int attempt, String dispatchId, RunOutcome outcome,
                       List<SavedCheckpoint> checkpoints,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String successor,
                       @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean valuesSent) implements RunProgress {
        public RunFinished {
            checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
        }

        /** An end that carries its values, if any, in {@code outcome}. */
        public RunFinished(String threadId, String runId, int attempt, String dispatchId, RunOutcome outcome,
                           List<SavedCheckpoint> checkpoints, String successor) {
            this(threadId, runId, attempt, dispatchId, outcome, checkpoints, successor, false);
        }

        /** An end after which the execution started no successor. */
        public RunFinished(String threadId, String runId, int attempt, String dispatchId, RunOutcome outcome,
                           List<SavedCheckpoint> checkpoints) {
            this(threadId, runId, attempt, dispatchId, outcome, checkpoints, null);
        }

        /** An end that brings no checkpoints (a stateless run, or one whose checkpoints were all reported). */
        public RunFinished(String threadId, String runId, int attempt, String dispatchId, RunOutcome outcome) {
            this(threadId, runId, attempt, dispatchId, outcome, List.of());
        }
    }

    /**
     * A checkpoint reported with a run's end: what {@link CheckpointSaved} carries, without the run's stamps, and
     * encoded once: the executor's bytes go into the writer's store as they are ({@link RawJson}).
     */
    record SavedCheckpoint(String checkpointNs, String checkpointId, RawJson tuple) {
    }
}
