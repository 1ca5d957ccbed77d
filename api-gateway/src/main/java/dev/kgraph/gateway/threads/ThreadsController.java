package dev.kgraph.gateway.threads;

import dev.kgraph.gateway.api.ApiException;
import dev.kgraph.gateway.api.BodyFields;
import dev.kgraph.gateway.api.Ids;
import dev.kgraph.gateway.api.ThreadCreateRequest;
import dev.kgraph.gateway.api.ThreadRequestParser;
import dev.kgraph.gateway.requests.SequencerClient;
import dev.kgraph.model.ids.Uuid7;
import dev.kgraph.model.json.Json;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /threads}: every read and write goes to the thread's single writer, so reads see earlier writes; a search,
 * which no single writer can answer, asks the writers of every partition.
 */
@Tag(name = "Threads", description = "Threads: their metadata, state and checkpoint history")
@RestController
class ThreadsController {
    /** The thread id of a request sent to every partition: the partition is explicit, the key only labels it. */
    private static final String SEARCH_ROUTING_LABEL = "*";

    private final SequencerClient sequencer;
    private final Clock clock;

    ThreadsController(SequencerClient sequencer, Clock gatewayClock) {
        this.sequencer = sequencer;
        this.clock = gatewayClock;
    }

    @Operation(summary = "Create Thread")
    @PostMapping("/threads")
    Mono<Object> create(@RequestBody(required = false) JsonNode body) {
        ThreadCreateRequest request = ThreadRequestParser.parse(body);
        var threadId = request.threadId() != null ? request.threadId().toString() : Uuid7.next();
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = request.metadata() == null ? Map.of()
                : (Map<String, Object>) Json.plain(request.metadata());
        var now = clock.instant().toString();
        return ask((requestId, replyTo) -> new ThreadRequest.CreateThread(requestId, threadId, replyTo, metadata,
                request.effectiveIfExists().wire(), now, request.ttlMinutes()));
    }

    @Operation(summary = "Get Thread")
    @GetMapping("/threads/{threadId}")
    Mono<Object> get(@PathVariable String threadId) {
        var id = uuid(threadId);
        return ask((requestId, replyTo) -> new ThreadRequest.GetThread(requestId, id, replyTo));
    }

    @Operation(summary = "Get Thread State")
    @GetMapping("/threads/{threadId}/state")
    Mono<Object> state(@PathVariable String threadId,
                       @RequestParam(name = "subgraphs", required = false) Boolean subgraphs) {
        var id = uuid(threadId);
        return ask((requestId, replyTo) -> new ThreadRequest.GetState(requestId, id, replyTo, null));
    }

    @Operation(summary = "Get Thread State At Checkpoint")
    @GetMapping("/threads/{threadId}/state/{checkpointId}")
    Mono<Object> stateAt(@PathVariable String threadId, @PathVariable String checkpointId) {
        var id = uuid(threadId);
        return ask((requestId, replyTo) -> new ThreadRequest.GetState(requestId, id, replyTo, checkpointId));
    }

    /**
     * The state at a checkpoint given in the body ({@code {"checkpoint": {"checkpoint_id", "checkpoint_ns"}}}, the
     * SDK's {@code threads.getState(id, checkpoint)}); without a {@code checkpoint_id}, the latest state.
     */
    @Operation(summary = "Post Thread State At Checkpoint")
    @PostMapping("/threads/{threadId}/state/checkpoint")
    Mono<Object> stateAtCheckpoint(@PathVariable String threadId, @RequestBody(required = false) JsonNode body) {
        var id = uuid(threadId);
        var fields = BodyFields.of(body);
        var checkpoint = fields.objectNode("checkpoint");
        if (checkpoint == null && fields.value("checkpoint") == null) {
            fields.problem("checkpoint", "is required");
        }
        fields.bool("subgraphs");
        JsonNode checkpointId = checkpoint == null ? null : checkpoint.get("checkpoint_id");
        if (checkpointId != null && !checkpointId.isNull() && !checkpointId.isString()) {
            fields.problem("checkpoint.checkpoint_id", "must be a string");
        }
        fields.requireValid();
        String at = checkpointId == null || !checkpointId.isString() ? null : checkpointId.stringValue();
        return ask((requestId, replyTo) -> new ThreadRequest.GetState(requestId, id, replyTo, at));
    }

    @Operation(summary = "Get Thread History")
    @GetMapping("/threads/{threadId}/history")
    Mono<Object> history(@PathVariable String threadId, @RequestParam(defaultValue = "1") int limit,
                         @RequestParam(required = false) String before) {
        var id = uuid(threadId);
        requireLimit(limit);
        return ask((requestId, replyTo) -> new ThreadRequest.GetHistory(requestId, id, replyTo, limit, before, null));
    }

    /** Like {@code GET}, newest first and one entry unless {@code limit} says otherwise (LangGraph since 0.2.116). */
    @Operation(summary = "Get Thread History Post")
    @PostMapping("/threads/{threadId}/history")
    Mono<Object> searchHistory(@PathVariable String threadId, @RequestBody(required = false) JsonNode body) {
        var id = uuid(threadId);
        var fields = BodyFields.of(body);
        int limit = fields.integer("limit", 1, 1, 1000);
        Map<String, Object> metadata = fields.object("metadata");
        fields.requireValid();
        String before = checkpointIdOf(fields.value("before"));
        return ask((requestId, replyTo) -> new ThreadRequest.GetHistory(requestId, id, replyTo, limit, before,
                metadata));
    }

    /** Merges {@code metadata}; 200 with the Thread, or 204 without a body under {@code Prefer: return=minimal}. */
    @Operation(summary = "Patch Thread")
    @PatchMapping("/threads/{threadId}")
    Mono<ResponseEntity<Object>> patch(@PathVariable String threadId, @RequestBody(required = false) JsonNode body,
                                       @RequestHeader(name = "Prefer", required = false) String prefer) {
        var id = uuid(threadId);
        var patch = ThreadPatchBody.parse(body);
        return ask((requestId, replyTo) -> new ThreadRequest.PatchThread(requestId, id, replyTo, patch.metadata(),
                patch.ttlMinutes()))
                .map(thread -> prefersMinimal(prefer) ? ResponseEntity.noContent().build()
                        : ResponseEntity.ok(thread));
    }

    /** 204; the writer also deletes the thread's runs and checkpoints and cancels a running run. */
    @Operation(summary = "Delete Thread")
    @DeleteMapping("/threads/{threadId}")
    Mono<ResponseEntity<Void>> delete(@PathVariable String threadId) {
        var id = uuid(threadId);
        return sequencer.ask((requestId, replyTo) -> new ThreadRequest.DeleteThread(requestId, id, replyTo))
                .flatMap(SequencerClient.requireOk())
                .thenReturn(ResponseEntity.noContent().<Void>build());
    }

    /**
     * Threads live in the partition of their id, so a search asks every partition for its first {@code offset + limit}
     * matches and merges them ({@link ThreadSearchResults}).
     */
    @Operation(summary = "Search Threads")
    @PostMapping("/threads/search")
    Mono<ResponseEntity<List<Map<String, Object>>>> search(@RequestBody(required = false) JsonNode body) {
        var search = ThreadSearch.parse(body);
        return sequencer.askEveryPartition((requestId, replyTo) -> new ThreadRequest.SearchThreads(requestId,
                        SEARCH_ROUTING_LABEL, replyTo, search.ids(), search.metadata(), search.values(),
                        search.status(), search.perPartitionLimit(), search.sortBy(), search.sortOrder()))
                .flatMap(SequencerClient.requireOk())
                .map(Reply::body)
                .collectList()
                .map(bodies -> {
                    var page = ThreadSearchResults.merge(search, bodies);
                    var response = ResponseEntity.ok().header("X-Pagination-Total", Long.toString(page.total()));
                    page.next().ifPresent(next -> response.header("X-Pagination-Next", Integer.toString(next)));
                    return response.body(page.threads());
                });
    }

    /**
     * A new thread (new id, the source's metadata with {@code thread_id} set to the copy's, its values, idle) with
     * every checkpoint of the source; runs are not copied. The id is chosen here, so a replayed copy makes no second
     * thread.
     */
    @Operation(summary = "Copy Thread")
    @PostMapping("/threads/{threadId}/copy")
    Mono<Object> copy(@PathVariable String threadId) {
        var id = uuid(threadId);
        var copyId = java.util.UUID.randomUUID().toString();
        return ask((requestId, replyTo) -> new ThreadRequest.CopyThread(requestId, id, replyTo, copyId));
    }

    /**
     * How many threads match {@code metadata}, {@code values} and {@code status} (the same filters as a search): every
     * partition counts its own, and the sum is the answer, a bare JSON number as on LangGraph Platform.
     */
    @Operation(summary = "Count Threads")
    @PostMapping("/threads/count")
    Mono<Long> count(@RequestBody(required = false) JsonNode body) {
        var fields = BodyFields.of(body);
        var metadata = fields.object("metadata");
        var values = fields.object("values");
        var status = fields.oneOf("status", ThreadSearch.STATUSES, null);
        fields.requireValid();
        return sequencer.askEveryPartition((requestId, replyTo) -> new ThreadRequest.SearchThreads(requestId,
                        SEARCH_ROUTING_LABEL, replyTo, null, metadata, values, status, 0, "created_at", "desc"))
                .flatMap(SequencerClient.requireOk())
                .map(reply -> reply.body() instanceof Map<?, ?> part && part.get("total") instanceof Number n
                        ? n.longValue() : 0L)
                .reduce(0L, Long::sum);
    }

    /** Threads one prune may name: each is a request to its thread's writer. */
    static final int MAX_PRUNED_THREADS = 1_000;
    private static final List<String> PRUNE_STRATEGIES = List.of("delete", "keep_latest");

    /**
     * {@code {"thread_ids": [...], "strategy": "delete" | "keep_latest"}}: {@code delete} (the default) deletes the
     * threads as {@code DELETE /threads/{id}} does; {@code keep_latest} keeps each thread, its runs and its latest
     * checkpoint of each namespace, and deletes its older checkpoints. Each thread's own writer does it; the answer
     * counts the threads that existed: {@code {"pruned_count": n}}.
     */
    @Operation(summary = "Prune Threads")
    @PostMapping("/threads/prune")
    Mono<Map<String, Object>> prune(@RequestBody(required = false) JsonNode body) {
        var fields = BodyFields.of(body);
        var threadIds = fields.strings("thread_ids");
        var strategy = fields.oneOf("strategy", PRUNE_STRATEGIES, "delete");
        if (threadIds == null && fields.value("thread_ids") == null) {
            fields.problem("thread_ids", "is required");
        } else if (threadIds != null && threadIds.size() > MAX_PRUNED_THREADS) {
            fields.problem("thread_ids", "at most " + MAX_PRUNED_THREADS + " threads per call");
        }
        fields.requireValid();
        var ids = threadIds.stream().map(id -> Ids.requireUuid(id, "thread_ids: thread ID").toString()).distinct()
                .toList();
        return Flux.fromIterable(ids)
                .flatMap(id -> sequencer.ask((requestId, replyTo) -> strategy.equals("delete")
                        ? new ThreadRequest.DeleteThread(requestId, id, replyTo)
                        : new ThreadRequest.PruneThread(requestId, id, replyTo)), 16)
                .filter(reply -> reply.outcome() == Reply.Outcome.OK)
                .count()
                .map(pruned -> Map.<String, Object>of("pruned_count", pruned));
    }

    /** {@code {"checkpoint": {...}}}; 409 while a run is pending or running, 400 for a node the graph lacks. */
    @Operation(summary = "Update Thread State")
    @PostMapping("/threads/{threadId}/state")
    Mono<Object> updateState(@PathVariable String threadId, @RequestBody(required = false) JsonNode body) {
        var id = uuid(threadId);
        var update = StateUpdateBody.parse(body);
        return ask((requestId, replyTo) -> new ThreadRequest.UpdateState(requestId, id, replyTo, update.values(),
                update.asNode(), update.checkpointId()));
    }

    private static boolean prefersMinimal(String prefer) {
        return prefer != null && Arrays.stream(prefer.split("[,;]"))
                .anyMatch(preference -> preference.strip().equalsIgnoreCase("return=minimal"));
    }

    private Mono<Object> ask(SequencerClient.RequestFactory request) {
        return sequencer.ask(request).flatMap(SequencerClient.requireOk()).map(Reply::body);
    }

    /**
     * {@code before} as clients send it: a checkpoint id, a checkpoint {@code {checkpoint_id}}, or (the SDKs) a
     * RunnableConfig {@code {configurable: {checkpoint_id}}}.
     */
    private static String checkpointIdOf(JsonNode before) {
        if (before == null || before.isNull()) {
            return null;
        }
        if (before.isString()) {
            return before.stringValue();
        }
        if (!before.isObject()) {
            throw ApiException.unprocessable("before: must be a checkpoint id or a config object");
        }
        JsonNode checkpoint = before.get("configurable") instanceof ObjectNode configurable ? configurable : before;
        JsonNode id = checkpoint.get("checkpoint_id");
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isString()) {
            throw ApiException.unprocessable("before: checkpoint_id must be a string");
        }
        return id.stringValue();
    }

    private static void requireLimit(int limit) {
        if (limit < 1 || limit > 1000) {
            throw ApiException.unprocessable("limit: must be between 1 and 1000");
        }
    }

    private static String uuid(String value) {
        return Ids.requireUuid(value, "thread ID").toString();
    }
}
