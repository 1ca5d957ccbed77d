package dev.kgraph.gateway.runs;

import dev.kgraph.gateway.api.IfNotExists;
import dev.kgraph.gateway.api.OnCompletion;
import dev.kgraph.gateway.api.RunCreateRequest;
import dev.kgraph.gateway.api.WireValue;
import dev.kgraph.model.assistants.AssistantRecord;
import dev.kgraph.model.json.Json;
import dev.kgraph.model.runs.RunKwargs;
import dev.kgraph.model.runs.RunSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the run a gateway hands to the thread's writer: {@code kwargs} as LangGraph Platform stores them (less the
 * options left at their default, {@link RunKwargs#compact}),
 * with {@code configurable} carrying the system keys and the checkpoint to start from; config, configurable and
 * context merged assistant ⊕ request, and metadata assistant ⊕ config.metadata ⊕ request (the writer adds the
 * thread's underneath), the assistant being the version active when the run is created.
 */
public final class RunSpecs {

    private RunSpecs() {
    }

    /** A run on a thread the client named; {@code if_not_exists} is the client's. */
    public static RunSpec build(RunCreateRequest request, String threadId, String runId, AssistantRecord assistant,
                                boolean temporary, Instant now) {
        return build(request, threadId, runId, assistant, temporary, request.effectiveIfNotExists(), now);
    }

    /**
     * A stateless run ({@code /runs...}) on the thread the server just named: the thread is always created, and the
     * run is temporary (no checkpointer; thread and run deleted once it ends) unless {@code on_completion: keep}.
     */
    public static RunSpec stateless(RunCreateRequest request, String threadId, String runId,
                                    AssistantRecord assistant, Instant now) {
        boolean temporary = request.effectiveOnCompletion() == OnCompletion.DELETE;
        return build(request, threadId, runId, assistant, temporary, IfNotExists.CREATE, now);
    }

    /**
     * The template of a cron's runs: built like any run, with an empty run id (and, for a stateless cron, thread id)
     * that the cron's writer fills in at each tick; a stateless cron's runs always create their thread.
     */
    public static RunSpec cronTemplate(RunCreateRequest request, String threadId, AssistantRecord assistant,
                                       boolean temporary, Instant now) {
        return build(request, threadId == null ? "" : threadId, "", assistant, temporary,
                threadId == null ? IfNotExists.CREATE : request.effectiveIfNotExists(), now);
    }

    private static RunSpec build(RunCreateRequest request, String threadId, String runId, AssistantRecord assistant,
                                 boolean temporary, IfNotExists ifNotExists, Instant now) {
        var metadata = new LinkedHashMap<String, Object>(plainMap(assistant.metadata()));
        // config = assistant ⊕ request, key by key (tags, recursion_limit...); configurable and metadata merge deeper
        var requestConfig = request.config() == null ? Map.<String, Object>of() : plainMap(request.config().toJson());
        var config = new LinkedHashMap<String, Object>(plainMap(assistant.config()));
        config.putAll(requestConfig);
        metadata.putAll(plainMap(requestConfig.get("metadata")));
        metadata.putAll(plainMap(request.metadata()));
        metadata.put("assistant_id", assistant.assistantId());

        var configurable = new LinkedHashMap<String, Object>(plainMap(assistant.config().get("configurable")));
        configurable.putAll(plainMap(requestConfig.get("configurable")));
        var context = new LinkedHashMap<String, Object>(plainMap(assistant.context()));
        context.putAll(plainMap(request.context()));
        // LangGraph Platform keeps configurable and context in sync: whichever the client gave fills the other
        if (context.isEmpty()) {
            context.putAll(configurable);
        } else {
            configurable.putAll(context);
        }
        request.effectiveCheckpoint().ifPresent(checkpoint -> {
            configurable.put("checkpoint_id", checkpoint.checkpointId());
            configurable.put("checkpoint_ns", checkpoint.checkpointNs() == null ? "" : checkpoint.checkpointNs());
            if (checkpoint.checkpointMap() != null) {
                configurable.put("checkpoint_map", Json.plain(checkpoint.checkpointMap()));
            }
        });
        configurable.put("run_id", runId);
        configurable.put("thread_id", threadId);
        configurable.put("graph_id", assistant.graphId());
        configurable.put("assistant_id", assistant.assistantId());
        config.put("configurable", configurable);
        config.put("metadata", metadata);

        var kwargs = new LinkedHashMap<String, Object>();
        kwargs.put("input", Json.plain(request.input()));
        kwargs.put("command", request.command() == null ? null : Json.plain(request.command().toJson()));
        kwargs.put("config", config);
        kwargs.put("context", context);
        kwargs.put("stream_mode", request.effectiveStreamModes().stream().map(WireValue::wire).toList());
        kwargs.put("interrupt_before", request.interruptBefore() == null ? null : request.interruptBefore().toWire());
        kwargs.put("interrupt_after", request.interruptAfter() == null ? null : request.interruptAfter().toWire());
        kwargs.put("webhook", request.webhook() == null ? null : request.webhook().toString());
        kwargs.put("feedback_keys", request.feedbackKeys());
        kwargs.put("temporary", temporary);
        kwargs.put("subgraphs", request.effectiveStreamSubgraphs());
        kwargs.put("resumable", request.effectiveStreamResumable());
        kwargs.put("checkpoint_during", request.checkpointDuring() == null || request.checkpointDuring());
        kwargs.put("durability", request.effectiveDurability().wire());
        kwargs.put("on_disconnect", request.effectiveOnDisconnect().wire());

        double afterSeconds = request.afterSeconds() == null ? 0 : request.afterSeconds();
        var createdAt = now.plusMillis((long) (afterSeconds * 1000)).toString();
        // the options left at their default are not carried (RunKwargs): the API's replies put them back
        return new RunSpec(runId, assistant.assistantId(), assistant.graphId(), createdAt, metadata,
                RunKwargs.compact(kwargs),
                request.effectiveMultitaskStrategy().wire(), ifNotExists.wire(), afterSeconds,
                temporary, Map.of("graph_id", assistant.graphId(), "assistant_id", assistant.assistantId()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plainMap(Object value) {
        Object plain = value instanceof Map<?, ?> ? value : Json.plain(value);
        return plain instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
