package dev.kgraph.worker.sequencer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.kgraph.model.assistants.AssistantRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the assistants store: under key {@code <assistant id>} the assistant as it is now (its active
 * version, plus the bookkeeping below), and under {@link StoreKeys}-style key {@code <assistant id>/<version>} each
 * version as it was created. Versions are never rewritten, so the list of versions is the assistant's history.
 *
 * @param createdAt     for the head, when the assistant was created; for a version, when that version was
 * @param maxVersion    head only: the highest version ever created, so the next one is {@code maxVersion + 1}
 *                      even after {@code latest} moved the active version back
 * @param recentRequests head only: the requests that changed it last (at most {@link #RECENT_REQUESTS}), so a
 *                       request read again (at-least-once delivery replays what followed the last commit after a
 *                       crash) is answered again instead of creating another version
 */
record AssistantEntry(String assistantId, String graphId, String name, String description,
                      Map<String, Object> config, Map<String, Object> context, Map<String, Object> metadata,
                      int version, String createdAt, String updatedAt, int maxVersion, List<String> recentRequests) {

    /** Far more changes of one assistant than a commit interval sees. */
    static final int RECENT_REQUESTS = 64;

    /** Whether this request already changed the assistant. */
    boolean applied(String requestId) {
        return recentRequests != null && recentRequests.contains(requestId);
    }

    /** The requests to remember after {@code requestId} changed this assistant: the newest ones, bounded. */
    List<String> recentRequestsWith(String requestId) {
        var recent = new ArrayList<String>(recentRequests == null ? List.of() : recentRequests);
        recent.add(requestId);
        return List.copyOf(recent.subList(Math.max(0, recent.size() - RECENT_REQUESTS), recent.size()));
    }

    /** The store key of one version: zero-padded so keys sort by version. */
    static String versionKey(String assistantId, int version) {
        return assistantId + "/" + String.format("%010d", version);
    }

    static String versionsFrom(String assistantId) {
        return assistantId + "/";
    }

    static String versionsTo(String assistantId) {
        return assistantId + "/~"; // '~' sorts after every digit
    }

    /** The version record stored for this (head) entry's active fields. */
    AssistantEntry asVersion(String versionCreatedAt) {
        return new AssistantEntry(assistantId, graphId, name, description, config, context, metadata, version,
                versionCreatedAt, versionCreatedAt, 0, null);
    }

    /** What gateways read from {@code kgraph.assistants}: no drawing or schemas, those are the graph's. */
    @JsonIgnore
    AssistantRecord toRecord() {
        return new AssistantRecord(assistantId, graphId, name, description, createdAt, updatedAt, version, config,
                context, metadata, null, null);
    }

    /** The AssistantVersion object of the API. */
    @JsonIgnore
    Map<String, Object> toVersionApi() {
        var api = new LinkedHashMap<String, Object>();
        api.put("assistant_id", assistantId);
        api.put("graph_id", graphId);
        api.put("config", config);
        api.put("context", context);
        api.put("created_at", createdAt);
        api.put("metadata", metadata);
        api.put("version", version);
        api.put("name", name);
        api.put("description", description);
        return api;
    }
}
