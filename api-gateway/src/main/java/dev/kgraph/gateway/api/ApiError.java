package dev.kgraph.gateway.api;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;

/** An error response decided by {@link ErrorClassifier}: status, {@code detail}, and extra headers (Allow, Retry-After). */
record ApiError(HttpStatus status, String detail, HttpHeaders headers) {

    ApiError(HttpStatus status, String detail) {
        this(status, detail, new HttpHeaders());
    }

    /**
     * Writes {@code {"detail": ...}} straight to the response, bypassing content negotiation so that a client that only
     * accepts {@code text/event-stream} still gets a readable JSON error instead of a 406.
     */
    Mono<Void> writeTo(ServerHttpResponse response) {
        response.setStatusCode(status);
        response.getHeaders().addAll(headers);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] json = JsonNodeFactory.instance.objectNode().put("detail", detail).toString()
                .getBytes(StandardCharsets.UTF_8);
        response.getHeaders().setContentLength(json.length);
        DataBuffer buffer = response.bufferFactory().wrap(json);
        return response.writeWith(Mono.just(buffer));
    }
}
