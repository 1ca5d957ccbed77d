package dev.kgraph.gateway.threads;

import dev.kgraph.gateway.api.ApiException;
import dev.kgraph.gateway.api.Ids;
import dev.kgraph.gateway.api.ThreadCreateRequest;
import dev.kgraph.gateway.api.ThreadRequestParser;
import dev.kgraph.gateway.writer.ThreadWriter;
import dev.kgraph.model.ids.Uuid7;
import dev.kgraph.model.json.Json;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import java.time.Clock;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code /threads}: every read and write goes to the thread's single writer, so reads see earlier writes. */
@RestController
class ThreadsController {
    private final ThreadWriter writer;
    private final Clock clock;

    ThreadsController(ThreadWriter writer, Clock gatewayClock) {
        this.writer = writer;
        this.clock = gatewayClock;
    }

    @PostMapping("/threads")
    Mono<Object> create(@RequestBody(required = false) JsonNode body) {
        ThreadCreateRequest request = ThreadRequestParser.parse(body);
        var threadId = request.threadId() != null ? request.threadId().toString() : Uuid7.next();
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = request.metadata() == null ? Map.of()
                : (Map<String, Object>) Json.plain(request.metadata());
        var now = clock.instant().toString();
        return ask((requestId, replyTo) -> new ThreadRequest.CreateThread(requestId, threadId, replyTo, metadata,
                request.effectiveIfExists().wire(), now));
    }

    @GetMapping("/threads/{threadId}")
    Mono<Object> get(@PathVariable String threadId) {
        var id = uuid(threadId);
        return ask((requestId, replyTo) -> new ThreadRequest.GetThread(requestId, id, replyTo));
    }

    @GetMapping("/threads/{threadId}/state")
    Mono<Object> state(@PathVariable String threadId,
                       @RequestParam(name = "subgraphs", required = false) Boolean subgraphs) {
        var id = uuid(threadId);
        return ask((requestId, replyTo) -> new ThreadRequest.GetState(requestId, id, replyTo, null));
    }

    @GetMapping("/threads/{threadId}/state/{checkpointId}")
    Mono<Object> stateAt(@PathVariable String threadId, @PathVariable String checkpointId) {
        var id = uuid(threadId);
        return ask((requestId, replyTo) -> new ThreadRequest.GetState(requestId, id, replyTo, checkpointId));
    }

    @GetMapping("/threads/{threadId}/history")
    Mono<Object> history(@PathVariable String threadId, @RequestParam(defaultValue = "1") int limit,
                         @RequestParam(required = false) String before) {
        var id = uuid(threadId);
        requireLimit(limit);
        return ask((requestId, replyTo) -> new ThreadRequest.GetHistory(requestId, id, replyTo, limit, before, null));
    }

    @PostMapping("/threads/{threadId}/history")
    Mono<Object> searchHistory(@PathVariable String threadId, @RequestBody(required = false) JsonNode body) {
        var id = uuid(threadId);
        int limit = body != null && body.hasNonNull("limit") ? body.get("limit").asInt() : 10;
        requireLimit(limit);
        String before = body == null ? null : checkpointIdOf(body.get("before"));
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = body != null && body.get("metadata") instanceof JsonNode m && m.isObject()
                ? (Map<String, Object>) Json.plain(m) : null;
        return ask((requestId, replyTo) -> new ThreadRequest.GetHistory(requestId, id, replyTo, limit, before,
                metadata));
    }

    private Mono<Object> ask(ThreadWriter.RequestFactory request) {
        return writer.ask(request).flatMap(ThreadWriter.requireOk()).map(Reply::body);
    }

    private static String checkpointIdOf(JsonNode before) {
        if (before == null || before.isNull()) {
            return null;
        }
        return before.isString() ? before.asString()
                : before.hasNonNull("checkpoint_id") ? before.get("checkpoint_id").asString() : null;
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
