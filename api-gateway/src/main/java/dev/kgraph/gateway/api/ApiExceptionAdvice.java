package dev.kgraph.gateway.api;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Turns every exception escaping an annotated controller (or its argument resolution: unreadable or oversized
 * bodies, bad path and query values) into a JSON {@code {"detail": ...}} response. Failures before a controller is
 * chosen (unknown route, wrong method) never reach here; {@link JsonErrorWebExceptionHandler} covers those.
 *
 * <p>It is ordered last so that a more specific advice elsewhere can still claim an exception type; it only catches
 * what nobody else handled.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ApiExceptionAdvice {

    @ExceptionHandler(Throwable.class)
    public Mono<Void> handle(Throwable failure, ServerWebExchange exchange) {
        return ErrorClassifier.classify(failure).writeTo(exchange.getResponse());
    }
}
