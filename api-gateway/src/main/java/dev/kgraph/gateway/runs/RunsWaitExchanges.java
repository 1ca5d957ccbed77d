package dev.kgraph.gateway.runs;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;
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
     * {@code handler} under {@code name}: Spring labels each call's checkpoint with its handler's {@code toString()},
     * which for a method reference is a class name and identity hash made into a new string per call.
     */
    public static HandlerFunction<ServerResponse> named(String name, HandlerFunction<ServerResponse> handler) {
        return new HandlerFunction<>() {
            @Override
            public Mono<ServerResponse> handle(ServerRequest request) {
                return handler.handle(request);
            }

            @Override
            public String toString() {
                return name;
            }
        };
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
     * The response of a {@code runs/wait} call: {@code writer} sets its status, headers and body ({@link RunLauncher}
     * commits a 200 only once the thread's writer accepted the run, so a refusal still becomes its own status and
     * JSON error).
     */
    public static Mono<ServerResponse> respond(Function<ServerHttpResponse, Mono<Void>> writer) {
        return Mono.just(new WrittenOnce(writer));
    }

    /**
     * A response that lets go of its writer once it has used it. Spring keeps the response reachable until the call
     * is answered, and the writer holds the run to create (its input, config and metadata: about 2 KB of a waiting
     * call's heap in the dump of docs/benchmarks.md, section 8), which is needed only until the run is sent.
     */
    private static final class WrittenOnce implements ServerResponse {
        private static final MultiValueMap<String, ResponseCookie> NO_COOKIES =
                CollectionUtils.unmodifiableMultiValueMap(new LinkedMultiValueMap<>());

        private @Nullable Function<ServerHttpResponse, Mono<Void>> writer;

        WrittenOnce(Function<ServerHttpResponse, Mono<Void>> writer) {
            this.writer = writer;
        }

        @Override
        public HttpStatusCode statusCode() {
            return HttpStatus.OK;
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.EMPTY; // the writer sets them on the exchange's response
        }

        @Override
        public MultiValueMap<String, ResponseCookie> cookies() {
            return NO_COOKIES;
        }

        /**
         * Deferred as well: Spring's checkpoints keep the publisher they are given for the whole call, and the
         * writer's publisher chain (the run's creation) holds the run too.
         */
        @Override
        public Mono<Void> writeTo(ServerWebExchange exchange, Context context) {
            return Mono.defer(() -> {
                var write = writer;
                writer = null;
                return write == null ? Mono.error(new IllegalStateException("runs/wait response written twice"))
                        : write.apply(exchange.getResponse());
            });
        }
    }
}
