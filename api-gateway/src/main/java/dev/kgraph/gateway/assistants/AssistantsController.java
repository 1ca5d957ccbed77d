package dev.kgraph.gateway.assistants;

import dev.kgraph.gateway.api.ApiException;
import dev.kgraph.gateway.api.BodyFields;
import dev.kgraph.gateway.api.Ids;
import dev.kgraph.gateway.requests.SequencerClient;
import dev.kgraph.model.assistants.AssistantRecord;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /assistants/*}. Writes go to the assistant's single writer (the sequencer, keyed by assistant id), which
 * numbers versions and publishes each change to {@code kgraph.assistants}; reads, searches and counts are answered
 * from this gateway's copy of that topic (the directory). A write answers once its change reached the directory, so
 * a read that follows it on this gateway sees it; an assistant another gateway just created is asked of its writer
 * until it arrives here. System assistants (one per graph, published by workers) are read-only.
 */
@Tag(name = "Assistants", description = "Assistants: each graph's system assistant, and versioned ones users create")
@RestController
class AssistantsController {
    /** How long a write waits for its change to reach this gateway's directory before answering anyway. */
    static final Duration SEEN_TIMEOUT = Duration.ofSeconds(5);

    private final AssistantDirectory directory;
    private final SequencerClient sequencer;

    AssistantsController(AssistantDirectory directory, SequencerClient sequencer) {
        this.directory = directory;
        this.sequencer = sequencer;
    }

    @Operation(summary = "Create Assistant")
    @PostMapping("/assistants")
    Mono<Object> create(@RequestBody(required = false) JsonNode body) {
        var request = AssistantBody.forCreate(body);
        requireGraph(request.graphId());
        var id = request.assistantId() != null ? request.assistantId() : UUID.randomUUID().toString();
        var system = directory.byId(id).filter(AssistantDirectory::isSystem);
        if (system.isPresent()) {
            if ("raise".equals(request.ifExists())) {
                throw ApiException.conflict("Assistant already exists");
            }
            return Mono.just(system.get().toApi());
        }
        return write(id, (requestId, replyTo) -> new ThreadRequest.CreateAssistant(requestId, id, replyTo,
                request.graphId(), request.config(), request.context(), request.metadata(),
                request.name() == null ? "Untitled" : request.name(), request.description(), request.ifExists()));
    }

    @Operation(summary = "Get Assistant")
    @GetMapping("/assistants/{assistantId}")
    Mono<Map<String, Object>> get(@PathVariable String assistantId) {
        return find(assistantId).map(AssistantRecord::toApi);
    }

    @Operation(summary = "Patch Assistant", description = "Creates a new version and makes it the active one")
    @PatchMapping("/assistants/{assistantId}")
    Mono<Object> patch(@PathVariable String assistantId, @RequestBody(required = false) JsonNode body) {
        var id = writableId(assistantId);
        var request = AssistantBody.forPatch(body);
        if (request.graphId() != null) {
            requireGraph(request.graphId());
        }
        return write(id, (requestId, replyTo) -> new ThreadRequest.PatchAssistant(requestId, id, replyTo,
                request.graphId(), request.config(), request.context(), request.metadata(), request.name(),
                request.description()));
    }

    @Operation(summary = "Delete Assistant", description = "Deletes the assistant and all its versions; with "
            + "delete_threads=true also the threads whose metadata.assistant_id is this assistant")
    @DeleteMapping("/assistants/{assistantId}")
    Mono<ResponseEntity<Void>> delete(@PathVariable String assistantId,
                                      @RequestParam(name = "delete_threads", required = false) String deleteThreads) {
        var id = writableId(assistantId);
        if (deleteThreads != null && !List.of("true", "false").contains(deleteThreads)) {
            throw ApiException.unprocessable("delete_threads: must be a boolean");
        }
        return sequencer.ask((requestId, replyTo) -> new ThreadRequest.DeleteAssistant(requestId, id, replyTo))
                .flatMap(SequencerClient.requireOk())
                .flatMap(reply -> seen(id, record -> record == null))
                .then("true".equals(deleteThreads) ? deleteThreadsOf(id) : Mono.empty())
                .thenReturn(ResponseEntity.noContent().<Void>build());
    }

    /** Every thread created for the assistant, found by asking each partition's writer, pass after pass. */
    private Mono<Void> deleteThreadsOf(String assistantId) {
        return threadsOf(assistantId)
                .expand(ids -> ids.isEmpty() ? Mono.empty() : Flux.fromIterable(ids)
                        .flatMap(threadId -> sequencer.ask((requestId, replyTo) ->
                                new ThreadRequest.DeleteThread(requestId, threadId, replyTo)), 8)
                        .then(threadsOf(assistantId)))
                .then();
    }

    private Mono<List<String>> threadsOf(String assistantId) {
        return sequencer.askEveryPartition((requestId, replyTo) -> new ThreadRequest.SearchThreads(requestId, "*",
                        replyTo, null, Map.of("assistant_id", assistantId), null, null, 1000, "created_at", "desc"))
                .flatMap(SequencerClient.requireOk())
                .flatMapIterable(reply -> reply.body() instanceof Map<?, ?> part
                        && part.get("threads") instanceof List<?> threads ? threads : List.of())
                .map(thread -> (String) ((Map<?, ?>) thread).get("thread_id"))
                .collectList();
    }

    @Operation(summary = "Set Latest Assistant Version")
    @PostMapping("/assistants/{assistantId}/latest")
    Mono<Object> setLatest(@PathVariable String assistantId, @RequestBody(required = false) JsonNode body) {
        var id = Ids.requireUuid(assistantId, "assistant ID").toString();
        var fields = BodyFields.of(body);
        if (fields.value("version") == null) {
            fields.problem("version", "is required");
        }
        int version = fields.integer("version", 1, 1, Integer.MAX_VALUE);
        fields.requireValid();
        var system = directory.byId(id).filter(AssistantDirectory::isSystem);
        if (system.isPresent()) {
            if (version != system.get().version()) {
                throw ApiException.notFound("Assistant version not found");
            }
            return Mono.just(system.get().toApi());
        }
        return write(id, (requestId, replyTo) -> new ThreadRequest.SetLatestAssistantVersion(requestId, id, replyTo,
                version));
    }

    /** Versions newest first; like LangGraph Platform, no matching version at all is a 404. */
    @Operation(summary = "Get Assistant Versions")
    @PostMapping("/assistants/{assistantId}/versions")
    Mono<Object> versions(@PathVariable String assistantId, @RequestBody(required = false) JsonNode body) {
        var id = Ids.requireUuid(assistantId, "assistant ID").toString();
        var fields = BodyFields.of(body);
        Map<String, Object> metadata = fields.object("metadata");
        int limit = fields.integer("limit", 10, 1, 1000);
        int offset = fields.integer("offset", 0, 0, Integer.MAX_VALUE);
        fields.requireValid();
        var system = directory.byId(id).filter(AssistantDirectory::isSystem);
        Mono<List<?>> versions = system.isPresent()
                ? Mono.just(system.filter(a -> metadata == null
                        || AssistantSearch.Containment.contains(a.metadata(), metadata))
                        .stream().skip(offset).map(AssistantsController::versionOf).toList())
                : sequencer.ask((requestId, replyTo) -> new ThreadRequest.ListAssistantVersions(requestId, id,
                                replyTo, metadata, limit, offset))
                        .flatMap(SequencerClient.requireOk())
                        .map(reply -> reply.body() instanceof List<?> list ? list : List.of());
        return versions.<Object>map(list -> {
            if (list.isEmpty()) {
                throw ApiException.notFound("Assistant " + id + " not found");
            }
            return list;
        });
    }

    @Operation(summary = "Search Assistants")
    @PostMapping("/assistants/search")
    ResponseEntity<List<Map<String, Object>>> search(@RequestBody(required = false) JsonNode body) {
        var search = AssistantSearch.parse(body, true);
        var matches = search.matches(directory.all());
        var page = search.page(matches);
        var response = ResponseEntity.ok().header("X-Pagination-Total", String.valueOf(matches.size()));
        if (search.offset() + page.size() < matches.size()) {
            response.header("X-Pagination-Next", String.valueOf(search.offset() + page.size()));
        }
        return response.body(page);
    }

    @Operation(summary = "Count Assistants")
    @PostMapping("/assistants/count")
    int count(@RequestBody(required = false) JsonNode body) {
        return AssistantSearch.parse(body, false).matches(directory.all()).size();
    }

    /**
     * The drawing of the assistant's graph. {@code xray} is validated as LangGraph does ({@code true}, {@code false}
     * or a depth >= 1); the drawing kgraph keeps per graph is the same at every depth.
     */
    @Operation(summary = "Get Assistant Graph")
    @GetMapping("/assistants/{assistantId}/graph")
    Mono<Map<String, Object>> graph(@PathVariable String assistantId,
                                    @RequestParam(name = "xray", required = false) String xray) {
        if (xray != null && !List.of("true", "True", "false", "False").contains(xray) && !isPositiveInt(xray)) {
            throw ApiException.unprocessable("Invalid xray value");
        }
        return graphOf(assistantId).map(AssistantRecord::graph);
    }

    @Operation(summary = "Get Assistant Schemas")
    @GetMapping("/assistants/{assistantId}/schemas")
    Mono<Map<String, Object>> schemas(@PathVariable String assistantId) {
        return graphOf(assistantId).map(AssistantRecord::schemas);
    }

    /** kgraph's graph drawings do not break subgraphs out, so there are none to list (at any namespace). */
    @Operation(summary = "Get Assistant Subgraphs")
    @GetMapping({"/assistants/{assistantId}/subgraphs", "/assistants/{assistantId}/subgraphs/{namespace}"})
    Mono<Map<String, Object>> subgraphs(@PathVariable String assistantId) {
        return graphOf(assistantId).map(graph -> Map.of());
    }

    /**
     * A registered graph's name stands for its system assistant, as on LangGraph Platform ({@code get_assistant_id}
     * maps it to {@code uuid5(graph)} first); anything else must be a UUID (422) of a known assistant (404). One
     * this gateway has not heard of yet is asked of its writer (it may have just been created elsewhere).
     */
    private Mono<AssistantRecord> find(String assistantId) {
        var system = directory.systemAssistantOf(assistantId);
        if (system.isPresent()) {
            return Mono.just(system.get());
        }
        var id = Ids.requireUuid(assistantId, "assistant ID").toString();
        var known = directory.byId(id);
        if (known.isPresent()) {
            return Mono.just(known.get());
        }
        return sequencer.ask((requestId, replyTo) -> new ThreadRequest.GetAssistant(requestId, id, replyTo))
                .flatMap(SequencerClient.requireOk())
                .map(reply -> recordOf(reply.body()));
    }

    /** The system assistant of the assistant's graph: it carries the graph's drawing and schemas. */
    private Mono<AssistantRecord> graphOf(String assistantId) {
        return find(assistantId).map(assistant -> directory.systemAssistantOf(assistant.graphId())
                .orElseThrow(() -> ApiException.notFound("Graph '" + assistant.graphId() + "' not found")));
    }

    /** The id of an assistant a client may change: a UUID (422) that is not a system assistant (409). */
    private String writableId(String assistantId) {
        var system = directory.systemAssistantOf(assistantId);
        var id = system.map(AssistantRecord::assistantId)
                .orElseGet(() -> Ids.requireUuid(assistantId, "assistant ID").toString());
        if (directory.byId(id).filter(AssistantDirectory::isSystem).isPresent()) {
            throw ApiException.conflict("Assistant " + id + " is the system assistant of a graph and cannot be "
                    + "changed; create an assistant for the graph instead");
        }
        return id;
    }

    private void requireGraph(String graphId) {
        if (!directory.hasGraph(graphId)) {
            throw ApiException.notFound("Graph '" + graphId + "' not found");
        }
    }

    /** Asks the assistant's writer, then waits (bounded) until this gateway's directory shows the change. */
    private Mono<Object> write(String id, SequencerClient.RequestFactory request) {
        return sequencer.ask(request).flatMap(SequencerClient.requireOk()).map(Reply::body).flatMap(body -> {
            var updatedAt = body instanceof Map<?, ?> map && map.get("updated_at") instanceof String at
                    ? Instant.parse(at) : null;
            if (updatedAt == null) {
                return Mono.just(body);
            }
            return seen(id, record -> record != null && !Instant.parse(record.updatedAt()).isBefore(updatedAt))
                    .thenReturn(body);
        });
    }

    private Mono<Void> seen(String id, Predicate<AssistantRecord> until) {
        return Mono.fromFuture(directory.seen(id, until))
                .timeout(SEEN_TIMEOUT)
                .onErrorResume(TimeoutException.class, late -> Mono.empty());
    }

    @SuppressWarnings("unchecked")
    private static AssistantRecord recordOf(Object body) {
        var api = (Map<String, Object>) body;
        return new AssistantRecord((String) api.get("assistant_id"), (String) api.get("graph_id"),
                (String) api.get("name"), (String) api.get("description"), (String) api.get("created_at"),
                (String) api.get("updated_at"), ((Number) api.get("version")).intValue(),
                (Map<String, Object>) api.get("config"), (Map<String, Object>) api.get("context"),
                (Map<String, Object>) api.get("metadata"), null, null);
    }

    private static Map<String, Object> versionOf(AssistantRecord assistant) {
        var version = new LinkedHashMap<>(assistant.toApi());
        version.remove("updated_at");
        return version;
    }

    private static boolean isPositiveInt(String value) {
        try {
            return Integer.parseInt(value) > 0;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }
}
