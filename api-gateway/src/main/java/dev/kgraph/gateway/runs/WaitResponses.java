package dev.kgraph.gateway.runs;

import dev.kgraph.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The body of {@code runs/wait} and {@code join}: the response is committed at once (status 200 and headers), a
 * newline is written every keep-alive interval so proxies do not cut a long wait, and the run's result JSON ends it.
 * JSON parsers ignore the leading newlines, as LangGraph Platform's clients do. A result known before anything is
 * written goes out as one plain body.
 */
final class WaitResponses {
    private static final byte[] NEWLINE = {'\n'};

    private WaitResponses() {
    }

    static Mono<Void> write(ServerHttpResponse response, CompletableFuture<Object> result, Duration keepAlive) {
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        if (result.isDone() && !result.isCompletedExceptionally()) {
            // the run already ended (most short runs: their completion was their acceptance): one plain write with a
            // Content-Length, instead of a chunked stream that commits the headers, arms a keep-alive and flushes twice
            var json = Json.write(result.join());
            response.getHeaders().setContentLength(json.length);
            return response.writeWith(Mono.just(wrap(response, json)));
        }
        return response.writeAndFlushWith(chunks(result, keepAlive).map(bytes -> Mono.just(wrap(response, bytes))));
    }

    /** Nothing (commits the headers), a newline per keep-alive interval while waiting, then the result's JSON. */
    static Flux<byte[]> chunks(CompletableFuture<Object> result, Duration keepAlive) {
        Mono<byte[]> resultJson = Mono.fromFuture(result, true).map(Json::write).cache();
        return Flux.concat(
                Mono.just(new byte[0]),
                // a tick Netty is not ready to write yet is dropped (a missed newline is harmless); without this, an
                // overloaded gateway failed the call with OverflowException ("Could not emit tick")
                Flux.interval(keepAlive, keepAlive).onBackpressureDrop().map(tick -> NEWLINE)
                        .takeUntilOther(resultJson),
                resultJson);
    }

    /**
     * Runs {@code action} when the client's connection closes. Reactor Netty does not cancel a response whose client
     * vanished (it only sees it when a write fails, and then just closes the channel), so the channel is watched.
     */
    static void onConnectionClosed(ServerHttpResponse response, Runnable action) {
        if (response instanceof org.springframework.http.server.reactive.AbstractServerHttpResponse netty
                && netty.getNativeResponse() instanceof reactor.netty.Connection connection) {
            connection.channel().closeFuture().addListener(closed -> action.run());
        }
    }

    private static DataBuffer wrap(ServerHttpResponse response, byte[] bytes) {
        return response.bufferFactory().wrap(bytes);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
