package dev.kgraph.gateway.runs;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * What the two functional {@code runs/wait} routes (thread-bound and stateless) share: reading the body as the
 * annotated endpoints do, and handing the response to {@link RunLauncher}, which decides status and headers itself.
 *
 * <p>{@code runs/wait} is functional because Spring's annotated controllers cost this call, the one that carries the
 * throughput and holds its request for the run's whole duration, more than the rest of the HTTP path: per request
 * the handler method is looked up and its arguments resolved through a fresh resolver composite (each with a cache
 * sized for 256 entries), which stays reachable until the run ends. Measured in docs/benchmarks.md, sections 7 and 8.
 */
public final class RunsWaitExchanges {

    private RunsWaitExchanges() {
    }

    /**
     * The request's JSON body; empty when there is none (as {@code @RequestBody(required = false)}). Malformed JSON,
     * a body that is not JSON and an oversized body fail as they do for the annotated endpoints (422, 422, 413).
     */
    public static Mono<Optional<JsonNode>> body(ServerRequest request) {
        return request.bodyToMono(JsonNode.class).singleOptional();
    }

    /**
     * 405 with {@code Allow: POST} for {@code /runs/wait} with any other method, as the annotated mappings (and the
     * Python server) answer: without it such a request would fall through to the annotated mappings and get a 404.
     */
    public static Mono<ServerResponse> methodNotAllowed(ServerRequest request) {
        return Mono.error(new MethodNotAllowedException(request.method(), Set.of(HttpMethod.POST)));
    }

    /**
     * A 200 whose status, headers and body {@code writer} sets: {@link RunLauncher} commits the response only once the
     * thread's writer accepted the run, so a refusal still becomes its own status and JSON error.
     */
    public static Mono<ServerResponse> respond(Function<ServerHttpResponse, Mono<Void>> writer) {
        return ServerResponse.ok().build((exchange, context) -> writer.apply(exchange.getResponse()));
    }
}
