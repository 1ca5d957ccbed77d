package dev.kgraph.gateway.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of every run-creating endpoint ({@code POST /threads/{id}/runs[/wait|/stream]}, {@code POST /runs[/wait|
 * /stream|/batch]}): the OpenAPI {@code RunCreateStateful} plus {@code on_disconnect}, and the stateless
 * {@code on_completion}. Built by {@link RunRequestParser}, which guarantees every present field is valid.
 *
 * <p>Components hold what the client sent ({@code null} when absent or JSON {@code null}); the {@code effective*}
 * methods apply the Python server's defaults. {@code stream} and {@code langsmith_tracer} (sent by SDKs) and unknown
 * fields are accepted and dropped.
 *
 * @param assistantId a UUID or a graph name; whether it exists is checked at run creation, not here
 * @param input       the input as sent: JSON {@code null} is a {@code NullNode} (continue from the last checkpoint),
 *                    Java {@code null} means the field was absent
 * @param checkpointId the legacy top-level {@code checkpoint_id}; see {@link #effectiveCheckpoint()}
 * @param afterSeconds delay before the run may start, never negative
 * @param checkpointDuring deprecated; only read to derive {@link #effectiveDurability()}
 */
public record RunCreateRequest(
        String assistantId,
        @Nullable JsonNode input,
        @Nullable RunCommand command,
        @Nullable CheckpointSelector checkpoint,
        @Nullable String checkpointId,
        @Nullable ObjectNode metadata,
        @Nullable RequestConfig config,
        @Nullable ObjectNode context,
        @Nullable URI webhook,
        @Nullable Breakpoints interruptBefore,
        @Nullable Breakpoints interruptAfter,
        @Nullable List<StreamMode> streamMode,
        @Nullable Boolean streamSubgraphs,
        @Nullable Boolean streamResumable,
        @Nullable List<String> feedbackKeys,
        @Nullable MultitaskStrategy multitaskStrategy,
        @Nullable IfNotExists ifNotExists,
        @Nullable OnDisconnect onDisconnect,
        @Nullable OnCompletion onCompletion,
        @Nullable Double afterSeconds,
        @Nullable Boolean checkpointDuring,
        @Nullable DurabilityOption durability) {

    private static final List<StreamMode> DEFAULT_STREAM_MODES = List.of(StreamMode.VALUES);

    public RunCreateRequest {
        streamMode = streamMode == null ? null : List.copyOf(streamMode);
        feedbackKeys = feedbackKeys == null ? null : List.copyOf(feedbackKeys);
    }

    /** A request with only the required field, as a starting point for code and tests. */
    public static RunCreateRequest of(String assistantId) {
        return new RunCreateRequest(assistantId, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }

    public boolean hasInput() {
        return input != null;
    }

    /** The assistant as a UUID, or empty when the client named a graph. */
    public Optional<UUID> assistantUuid() {
        return Ids.parseUuid(assistantId);
    }

    /** {@code ["values"]} when absent or empty. */
    public List<StreamMode> effectiveStreamModes() {
        return streamMode == null || streamMode.isEmpty() ? DEFAULT_STREAM_MODES : streamMode;
    }

    public boolean effectiveStreamSubgraphs() {
        return Boolean.TRUE.equals(streamSubgraphs);
    }

    public boolean effectiveStreamResumable() {
        return Boolean.TRUE.equals(streamResumable);
    }

    public MultitaskStrategy effectiveMultitaskStrategy() {
        return multitaskStrategy == null ? MultitaskStrategy.ENQUEUE : multitaskStrategy;
    }

    public IfNotExists effectiveIfNotExists() {
        return ifNotExists == null ? IfNotExists.REJECT : ifNotExists;
    }

    public OnDisconnect effectiveOnDisconnect() {
        return onDisconnect == null ? OnDisconnect.CONTINUE : onDisconnect;
    }

    public OnCompletion effectiveOnCompletion() {
        return onCompletion == null ? OnCompletion.DELETE : onCompletion;
    }

    /** How long to hold the run before it may start, to the millisecond; zero when absent. */
    public Duration effectiveDelay() {
        return afterSeconds == null ? Duration.ZERO : Duration.ofMillis(Math.round(afterSeconds * 1000));
    }

    /**
     * Explicit {@code durability} wins; otherwise {@code checkpoint_during: false} means {@code exit} and
     * {@code true} or absent means {@code async} (the SDK docstring's "false means sync" is wrong).
     */
    public DurabilityOption effectiveDurability() {
        if (durability != null) {
            return durability;
        }
        return Boolean.FALSE.equals(checkpointDuring) ? DurabilityOption.EXIT : DurabilityOption.ASYNC;
    }

    /**
     * The checkpoint to start from: the {@code checkpoint} object, with the top-level {@code checkpoint_id} filling
     * in a missing id (the Python server applies the top-level id first and lets the object override it).
     */
    public Optional<CheckpointSelector> effectiveCheckpoint() {
        if (checkpoint == null) {
            return Optional.ofNullable(checkpointId).map(id -> new CheckpointSelector(id, null, null));
        }
        if (checkpoint.checkpointId() == null && checkpointId != null) {
            return Optional.of(new CheckpointSelector(checkpointId, checkpoint.checkpointNs(), checkpoint.checkpointMap()));
        }
        return Optional.of(checkpoint);
    }

    public List<String> effectiveFeedbackKeys() {
        return feedbackKeys == null ? List.of() : feedbackKeys;
    }

    public boolean hasContextKeys() {
        return context != null && !context.isEmpty();
    }

    /** True when {@code command.resume} carries a value (not JSON null), which needs a thread holding the interrupt. */
    public boolean resumes() {
        return command != null && command.resume() != null && !command.resume().isNull();
    }
}
