package dev.kgraph.model.requests;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A request from a gateway to the single writer of one thread (topic {@code kgraph.requests}, key = thread id).
 * Reads travel the same path as writes, so a read issued after a write's reply always sees that write.
 * Every request is answered by exactly one {@link dev.kgraph.model.replies.Reply} carrying the same {@code requestId}
 * and addressed to {@code replyTo} (the gateway instance).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ThreadRequest.CreateThread.class, name = "create_thread"),
        @JsonSubTypes.Type(value = ThreadRequest.GetThread.class, name = "get_thread"),
        @JsonSubTypes.Type(value = ThreadRequest.GetState.class, name = "get_state"),
        @JsonSubTypes.Type(value = ThreadRequest.GetHistory.class, name = "get_history"),
        @JsonSubTypes.Type(value = ThreadRequest.CreateRun.class, name = "create_run"),
        @JsonSubTypes.Type(value = ThreadRequest.GetRun.class, name = "get_run"),
        @JsonSubTypes.Type(value = ThreadRequest.ListRuns.class, name = "list_runs"),
        @JsonSubTypes.Type(value = ThreadRequest.JoinRun.class, name = "join_run"),
        @JsonSubTypes.Type(value = ThreadRequest.StreamRun.class, name = "stream_run"),
        @JsonSubTypes.Type(value = ThreadRequest.WatchThread.class, name = "watch_thread"),
        @JsonSubTypes.Type(value = ThreadRequest.PruneThread.class, name = "prune_thread"),
        @JsonSubTypes.Type(value = ThreadRequest.CancelRun.class, name = "cancel_run"),
        @JsonSubTypes.Type(value = ThreadRequest.DeleteRun.class, name = "delete_run"),
        @JsonSubTypes.Type(value = ThreadRequest.PatchThread.class, name = "patch_thread"),
        @JsonSubTypes.Type(value = ThreadRequest.DeleteThread.class, name = "delete_thread"),
        @JsonSubTypes.Type(value = ThreadRequest.UpdateState.class, name = "update_state"),
        @JsonSubTypes.Type(value = ThreadRequest.SearchThreads.class, name = "search_threads"),
        @JsonSubTypes.Type(value = ThreadRequest.CancelRuns.class, name = "cancel_runs"),
        @JsonSubTypes.Type(value = ThreadRequest.RecordWebhookDelivery.class, name = "record_webhook_delivery"),
        @JsonSubTypes.Type(value = ThreadRequest.GetWebhookDelivery.class, name = "get_webhook_delivery"),
        @JsonSubTypes.Type(value = ThreadRequest.CopyThread.class, name = "copy_thread"),
        @JsonSubTypes.Type(value = ThreadRequest.ImportCheckpoint.class, name = "import_checkpoint"),
        @JsonSubTypes.Type(value = ThreadRequest.ImportThread.class, name = "import_thread"),
        @JsonSubTypes.Type(value = ThreadRequest.CreateAssistant.class, name = "create_assistant"),
        @JsonSubTypes.Type(value = ThreadRequest.GetAssistant.class, name = "get_assistant"),
        @JsonSubTypes.Type(value = ThreadRequest.PatchAssistant.class, name = "patch_assistant"),
        @JsonSubTypes.Type(value = ThreadRequest.DeleteAssistant.class, name = "delete_assistant"),
        @JsonSubTypes.Type(value = ThreadRequest.SetLatestAssistantVersion.class, name = "set_latest_assistant_version"),
        @JsonSubTypes.Type(value = ThreadRequest.ListAssistantVersions.class, name = "list_assistant_versions"),
        @JsonSubTypes.Type(value = ThreadRequest.CreateCron.class, name = "create_cron"),
        @JsonSubTypes.Type(value = ThreadRequest.GetCron.class, name = "get_cron"),
        @JsonSubTypes.Type(value = ThreadRequest.PatchCron.class, name = "patch_cron"),
        @JsonSubTypes.Type(value = ThreadRequest.DeleteCron.class, name = "delete_cron"),
        @JsonSubTypes.Type(value = ThreadRequest.SearchCrons.class, name = "search_crons"),
        @JsonSubTypes.Type(value = ThreadRequest.PutStoreItem.class, name = "put_store_item"),
        @JsonSubTypes.Type(value = ThreadRequest.GetStoreItem.class, name = "get_store_item"),
        @JsonSubTypes.Type(value = ThreadRequest.DeleteStoreItem.class, name = "delete_store_item"),
        @JsonSubTypes.Type(value = ThreadRequest.SearchStoreItems.class, name = "search_store_items"),
        @JsonSubTypes.Type(value = ThreadRequest.ListStoreNamespaces.class, name = "list_store_namespaces"),
})
public sealed interface ThreadRequest {
    String requestId();

    String threadId();

    String replyTo();

    /**
     * Create a thread; {@code ifExists} is {@code raise} (409 when present) or {@code do_nothing}.
     *
     * @param ttlMinutes the thread is deleted this many minutes after it is created (LangGraph's
     *                   {@code ttl: {"strategy": "delete", "ttl": minutes}}); null: it lives until deleted
     */
    record CreateThread(String requestId, String threadId, String replyTo, java.util.Map<String, Object> metadata,
                        String ifExists, String createdAt, Double ttlMinutes) implements ThreadRequest {
    }

    record GetThread(String requestId, String threadId, String replyTo) implements ThreadRequest {
    }

    /** The thread's state at its latest checkpoint, or at {@code checkpointId} when given. */
    record GetState(String requestId, String threadId, String replyTo, String checkpointId) implements ThreadRequest {
    }

    /** Checkpoints newest first, at most {@code limit}, strictly older than {@code before} when given. */
    record GetHistory(String requestId, String threadId, String replyTo, int limit, String before,
                      java.util.Map<String, Object> metadata) implements ThreadRequest {
    }

    /**
     * Creates a run. {@code acknowledgeOnly}: the caller needs only to know whether the run was accepted (it waits for
     * the run's end, or streams it), so the reply carries no body instead of the whole Run; null or false: the Run.
     * {@code deferAcknowledgement} (with {@code acknowledgeOnly}): the caller also takes the run's completion for its
     * acceptance, so an accepted run is acknowledged only if it has not ended within a short delay, and most short
     * runs need no reply record at all; a refusal (404, 409...) is still answered at once.
     */
    record CreateRun(String requestId, String threadId, String replyTo, dev.kgraph.model.runs.RunSpec run,
                     Boolean acknowledgeOnly, Boolean deferAcknowledgement) implements ThreadRequest {
        public CreateRun(String requestId, String threadId, String replyTo, dev.kgraph.model.runs.RunSpec run) {
            this(requestId, threadId, replyTo, run, null, null);
        }
    }

    record GetRun(String requestId, String threadId, String replyTo, String runId) implements ThreadRequest {
    }

    /** Runs of the thread newest first; {@code status} filters when not null. */
    record ListRuns(String requestId, String threadId, String replyTo, int limit, int offset, String status)
            implements ThreadRequest {
    }

    /**
     * The result of a run: answered at once when the run has ended, otherwise answered {@code PENDING} and the caller
     * waits for the run's completion event (it subscribed before asking, so it cannot miss it).
     */
    record JoinRun(String requestId, String threadId, String replyTo, String runId) implements ThreadRequest {
    }

    /**
     * Someone joins the run's stream: a pending or running run that nobody streamed so far publishes its events from
     * now on (its {@code kwargs.streamed} becomes true, and a running execution starts streaming). Answered with the
     * Run, like {@link GetRun}.
     */
    record StreamRun(String requestId, String threadId, String replyTo, String runId) implements ThreadRequest {
    }

    /**
     * Someone streams the whole thread ({@code GET /threads/{id}/stream}) until {@code until} (an ISO instant; the
     * gateway renews it while the client stays): every run that starts on the thread before then publishes its
     * events, and a running one starts now. Answered with the Thread; 404 for an unknown thread.
     */
    record WatchThread(String requestId, String threadId, String replyTo, String until) implements ThreadRequest {
    }

    /**
     * {@code POST /threads/prune} with {@code keep_latest}: deletes every checkpoint of the thread but the latest of
     * each namespace; the thread and its runs stay. Answered with {@code {"pruned_checkpoints": n}}; 404 for an
     * unknown thread.
     */
    record PruneThread(String requestId, String threadId, String replyTo) implements ThreadRequest {
    }

    /** Cancel a pending or running run; {@code action} is {@code interrupt} or {@code rollback}. */
    record CancelRun(String requestId, String threadId, String replyTo, String runId, String action)
            implements ThreadRequest {
    }

    /** Delete a run that is not running (its pending slot, its record). */
    record DeleteRun(String requestId, String threadId, String replyTo, String runId) implements ThreadRequest {
    }

    /**
     * Merge {@code metadata} into the thread's metadata.
     *
     * @param ttlMinutes when set, the thread is now deleted this many minutes from the patch (replacing any earlier ttl)
     */
    record PatchThread(String requestId, String threadId, String replyTo, java.util.Map<String, Object> metadata,
                       Double ttlMinutes) implements ThreadRequest {
    }

    /** Delete the thread with its runs and checkpoints; a running run is cancelled. */
    record DeleteThread(String requestId, String threadId, String replyTo) implements ThreadRequest {
    }

    /**
     * Update the thread's state as if node {@code asNode} had written {@code values} (LangGraph's
     * {@code update_state}), from the latest checkpoint or from {@code checkpointId} (a fork). Refused while a run is
     * pending or running. Answered with {@code {"checkpoint": {...}}}.
     */
    record UpdateState(String requestId, String threadId, String replyTo, Object values, String asNode,
                       String checkpointId) implements ThreadRequest {
    }

    /**
     * One partition's part of a thread search: sent to every partition (the record's partition is set explicitly;
     * {@code threadId} is only a routing label). Answered with {@code {"threads": [...], "total": n}}: the first
     * {@code limit} matches in the requested order, and how many matched in all.
     */
    record SearchThreads(String requestId, String threadId, String replyTo, java.util.List<String> ids,
                         java.util.Map<String, Object> metadata, java.util.Map<String, Object> values, String status,
                         int limit, String sortBy, String sortOrder) implements ThreadRequest {
    }

    /**
     * Cancel several runs: those of {@code runIds} on this thread, or (when {@code status} is pending, running or
     * all) every matching run of the partition the record was sent to. Answered with {@code {"cancelled": n,
     * "missing": [run ids]}}.
     */
    record CancelRuns(String requestId, String threadId, String replyTo, java.util.List<String> runIds, String status,
                      String action) implements ThreadRequest {
    }

    /** The webhook dispatcher reports a delivery's progress; kept with the run. {@code replyTo} may be null. */
    record RecordWebhookDelivery(String requestId, String threadId, String replyTo, String runId,
                                 dev.kgraph.model.webhooks.WebhookDelivery delivery) implements ThreadRequest {
    }

    /** The run's webhook delivery state; NOT_FOUND when the run has no webhook or no report yet. */
    record GetWebhookDelivery(String requestId, String threadId, String replyTo, String runId)
            implements ThreadRequest {
    }

    /**
     * Copy a thread and its checkpoints to {@code newThreadId} (chosen by the gateway, so a replayed copy lands on
     * the same thread). The source's writer sends the copy to the new thread's writer as {@link ImportCheckpoint}s
     * then one {@link ImportThread}, which answers this request.
     */
    record CopyThread(String requestId, String threadId, String replyTo, String newThreadId) implements ThreadRequest {
    }

    /** One checkpoint of a copied thread, already rewritten for {@code threadId} (the copy); no answer. */
    record ImportCheckpoint(String requestId, String threadId, String replyTo, String checkpointNs,
                            String checkpointId, byte[] checkpoint) implements ThreadRequest {
    }

    /**
     * The end of a copy: creates thread {@code threadId} with the source's metadata and values, idle, and answers
     * the {@link CopyThread} request with it; when the thread already exists (a replayed copy), answers with it.
     */
    record ImportThread(String requestId, String threadId, String replyTo, java.util.Map<String, Object> metadata,
                        java.util.Map<String, Object> values) implements ThreadRequest {
    }

    /**
     * A request about one assistant, decided by the assistant's single writer: it travels on the same topic keyed by
     * the assistant id, so {@link #threadId()} (the record key) is the assistant id. Answered with an Assistant (or
     * a list of its versions) in API shape; every change is also published to {@code kgraph.assistants}.
     */
    sealed interface AssistantRequest extends ThreadRequest {
        String assistantId();

        /** The record key: the assistant id, so every request about an assistant reaches the same writer. */
        @Override
        @com.fasterxml.jackson.annotation.JsonIgnore
        default String threadId() {
            return assistantId();
        }
    }

    /**
     * Create an assistant at version 1; {@code ifExists} is {@code raise} (409 when present) or {@code do_nothing}
     * (answered with the existing one).
     */
    record CreateAssistant(String requestId, String assistantId, String replyTo, String graphId,
                           java.util.Map<String, Object> config, java.util.Map<String, Object> context,
                           java.util.Map<String, Object> metadata, String name, String description,
                           String ifExists) implements AssistantRequest {
    }

    /** The assistant at its active version. */
    record GetAssistant(String requestId, String assistantId, String replyTo) implements AssistantRequest {
    }

    /**
     * A new version: each field given (non-null) replaces the active version's, {@code metadata} is merged into it;
     * the new version (highest + 1) becomes the active one.
     */
    record PatchAssistant(String requestId, String assistantId, String replyTo, String graphId,
                          java.util.Map<String, Object> config, java.util.Map<String, Object> context,
                          java.util.Map<String, Object> metadata, String name, String description)
            implements AssistantRequest {
    }

    /** Delete the assistant with all its versions. */
    record DeleteAssistant(String requestId, String assistantId, String replyTo) implements AssistantRequest {
    }

    /** Make an existing version the active one. */
    record SetLatestAssistantVersion(String requestId, String assistantId, String replyTo, int version)
            implements AssistantRequest {
    }

    /** The assistant's versions newest first, those whose metadata contains {@code metadata}, paged. */
    record ListAssistantVersions(String requestId, String assistantId, String replyTo,
                                 java.util.Map<String, Object> metadata, int limit, int offset)
            implements AssistantRequest {
    }

    /**
     * A request about one cron, decided by the cron's single writer: keyed by the cron id, so {@link #threadId()}
     * (the record key) is the cron id. Answered with a Cron in API shape.
     */
    sealed interface CronRequest extends ThreadRequest {
        String cronId();

        /** The record key: the cron id, so every request about a cron reaches the same writer. */
        @Override
        @com.fasterxml.jackson.annotation.JsonIgnore
        default String threadId() {
            return cronId();
        }
    }

    /** Create a cron and schedule its first tick; a cron id read again is answered with the cron as it is. */
    record CreateCron(String requestId, String cronId, String replyTo, dev.kgraph.model.crons.CronSpec cron)
            implements CronRequest {
    }

    record GetCron(String requestId, String cronId, String replyTo) implements CronRequest {
    }

    /**
     * Replace the cron's definition with {@code cron} (the gateway merged the patch into the cron it read) and
     * reschedule its next tick from now.
     */
    record PatchCron(String requestId, String cronId, String replyTo, dev.kgraph.model.crons.CronSpec cron)
            implements CronRequest {
    }

    /** Delete the cron; its pending wake-up then finds nothing. */
    record DeleteCron(String requestId, String cronId, String replyTo) implements CronRequest {
    }

    /**
     * One partition's part of a cron search: sent to every partition ({@code cronId} is only a routing label).
     * Answered with every cron of the partition matching the filters that are not null ({@code onThread}: the
     * cron's thread id), as a list of Crons.
     */
    record SearchCrons(String requestId, String cronId, String replyTo, String assistantId, String onThread,
                       Boolean enabled) implements CronRequest {
    }

    /*
     * The store (LangGraph's long-term memory). An item's requests are keyed by its routing key
     * (dev.kgraph.model.store.StoreAddress#routingKey, carried in threadId), so one writer decides each item;
     * searches and namespace listings go to every partition and the asker merges the answers.
     */

    /**
     * Create or replace an item; answered with no body.
     *
     * @param ttlMinutes the item is deleted this many minutes after its last write (or read with refresh); null: never
     */
    record PutStoreItem(String requestId, String threadId, String replyTo, java.util.List<String> namespace,
                        String key, java.util.Map<String, Object> value, Double ttlMinutes) implements ThreadRequest {
    }

    /** The item in API shape, or a null body when there is none; {@code refreshTtl} restarts its ttl. */
    record GetStoreItem(String requestId, String threadId, String replyTo, java.util.List<String> namespace,
                        String key, boolean refreshTtl) implements ThreadRequest {
    }

    /** Delete an item (nothing when there is none); answered with no body. */
    record DeleteStoreItem(String requestId, String threadId, String replyTo, java.util.List<String> namespace,
                           String key) implements ThreadRequest {
    }

    /**
     * One partition's part of an item search: its first {@code limit} items under {@code namespacePrefix} whose
     * value matches {@code filter}, most recently updated first, as {@code {"items": [...]}}.
     */
    record SearchStoreItems(String requestId, String threadId, String replyTo,
                            java.util.List<String> namespacePrefix, java.util.Map<String, Object> filter, int limit,
                            boolean refreshTtl) implements ThreadRequest {
    }

    /**
     * One partition's part of a namespace listing: its first {@code limit} distinct namespaces (cut to
     * {@code maxDepth} labels when set) matching {@code prefix} and {@code suffix} ({@code *} matches any label), in
     * order, as {@code {"namespaces": [[...]]}}.
     */
    record ListStoreNamespaces(String requestId, String threadId, String replyTo, java.util.List<String> prefix,
                               java.util.List<String> suffix, Integer maxDepth, int limit) implements ThreadRequest {
    }
}
