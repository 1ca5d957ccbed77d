package dev.kgraph.gateway.api;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The server-wide fallback: anything no controller advice handled (unknown route 404, wrong method 405, failures in
 * filters) becomes JSON {@code {"detail": ...}}. Being an {@link ErrorWebExceptionHandler} bean, it replaces Spring
 * Boot's whitelabel/JSON-attributes handler. Once a response is committed (a stream already sending) nothing can
 * be rewritten, so the failure is passed on and the connection is closed by the server.
 */
@Component
@Order(-2)
public class JsonErrorWebExceptionHandler implements ErrorWebExceptionHandler {

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        return ErrorClassifier.classify(failure).writeTo(exchange.getResponse());
    }
}
