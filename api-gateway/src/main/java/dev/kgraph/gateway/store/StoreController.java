package dev.kgraph.gateway.store;

import dev.kgraph.gateway.api.ApiException;
import dev.kgraph.gateway.requests.SequencerClient;
import dev.kgraph.model.json.Json;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.store.StoreAddress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /store}: an item's requests go to the writer of its partition (keyed by a hash of namespace and key), so a
 * read after a write's answer sees the write, from any gateway; searches and listings ask every partition for its
 * first {@code offset + limit} entries and merge them ({@link StoreResults}).
 */
@Tag(name = "Store", description = "Long-term memory: items in namespaces, shared across threads")
@RestController
class StoreController {
    private final SequencerClient sequencer;

    StoreController(SequencerClient sequencer) {
        this.sequencer = sequencer;
    }

    /** 204 once the item's writer has stored it. */
    @Operation(summary = "Store Or Update Item")
    @PutMapping("/store/items")
    Mono<ResponseEntity<Void>> put(@RequestBody(required = false) JsonNode body) {
        var put = StoreBodies.Put.parse(body);
        return ask((requestId, replyTo) -> new ThreadRequest.PutStoreItem(requestId,
                StoreAddress.routingKey(put.namespace(), put.key()), replyTo, put.namespace(), put.key(),
                put.value(), put.ttlMinutes()))
                .thenReturn(ResponseEntity.noContent().build());
    }

    /** The item, or JSON {@code null} (200) when there is none, as the Python server answers. */
    @Operation(summary = "Get Item")
    @GetMapping("/store/items")
    Mono<ResponseEntity<String>> get(@RequestParam(name = "namespace", required = false) String namespace,
                                     @RequestParam(name = "key", required = false) String key,
                                     @RequestParam(name = "refresh_ttl", required = false) String refreshTtl) {
        var address = StoreBodies.Address.ofQuery(namespace, key);
        boolean refresh = refreshFlag(refreshTtl);
        return ask((requestId, replyTo) -> new ThreadRequest.GetStoreItem(requestId,
                StoreAddress.routingKey(address.namespace(), address.key()), replyTo, address.namespace(),
                address.key(), refresh))
                .map(reply -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                        .body(Json.MAPPER.writeValueAsString(reply.body())));
    }

    @Operation(summary = "Delete Item")
    @DeleteMapping("/store/items")
    Mono<ResponseEntity<Void>> delete(@RequestBody(required = false) JsonNode body) {
        var address = StoreBodies.Address.parse(body);
        return ask((requestId, replyTo) -> new ThreadRequest.DeleteStoreItem(requestId,
                StoreAddress.routingKey(address.namespace(), address.key()), replyTo, address.namespace(),
                address.key()))
                .thenReturn(ResponseEntity.noContent().build());
    }

    /** {@code {"items": [...]}}, most recently updated first; a semantic {@code query} is a 422 (no index). */
    @Operation(summary = "Search Items")
    @PostMapping("/store/items/search")
    Mono<Map<String, Object>> search(@RequestBody(required = false) JsonNode body) {
        var search = StoreBodies.Search.parse(body);
        return sequencer.askEveryPartition((requestId, replyTo) -> new ThreadRequest.SearchStoreItems(requestId,
                        StoreAddress.EVERY_PARTITION, replyTo, search.namespacePrefix(), search.filter(),
                        search.perPartitionLimit(), search.refreshTtl()))
                .flatMap(SequencerClient.requireOk())
                .map(Reply::body)
                .collectList()
                .map(bodies -> StoreResults.items(bodies, search.offset(), search.limit()));
    }

    /** {@code {"namespaces": [[...]]}}, distinct, in the order of their dotted paths. */
    @Operation(summary = "List Namespaces")
    @PostMapping("/store/namespaces")
    Mono<Map<String, Object>> namespaces(@RequestBody(required = false) JsonNode body) {
        var listing = StoreBodies.Listing.parse(body);
        return sequencer.askEveryPartition((requestId, replyTo) -> new ThreadRequest.ListStoreNamespaces(requestId,
                        StoreAddress.EVERY_PARTITION, replyTo, listing.prefix(), listing.suffix(),
                        listing.maxDepth(), listing.perPartitionLimit()))
                .flatMap(SequencerClient.requireOk())
                .map(Reply::body)
                .collectList()
                .map(bodies -> StoreResults.namespaces(bodies, listing.offset(), listing.limit()));
    }

    /** {@code refresh_ttl} as a query parameter: {@code true}/{@code false}; absent means true (LangGraph's default). */
    private static boolean refreshFlag(String value) {
        if (value == null || value.isEmpty()) {
            return true;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ApiException.unprocessable("refresh_ttl: must be true or false");
        };
    }

    private Mono<Reply> ask(SequencerClient.RequestFactory request) {
        return sequencer.ask(request).flatMap(SequencerClient.requireOk());
    }
}
