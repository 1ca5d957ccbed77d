package dev.kgraph.gateway.runs;

import dev.kgraph.model.json.Json;
import dev.kgraph.model.json.RawJsonMap;
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
            var json = bodyOf(result.join());
            response.getHeaders().setContentLength(json.length);
            return response.writeWith(Mono.just(wrap(response, json)));
        }
        // one stream, not a stream of one-chunk streams (writeAndFlushWith): Reactor Netty still flushes each chunk
        // that arrives alone (RunsWaitEndToEndTests reads a keep-alive while the run runs), and a waiting call keeps
        // one send queue instead of two
        return response.writeWith(chunks(result, keepAlive).map(bytes -> wrap(response, bytes)));
    }

    /**
     * Nothing (commits the headers), a newline per keep-alive interval while waiting, then the result's JSON.
     *
     * <p>The ticks and the result are merged and the stream ends at the first item that is not a tick. It was a
     * concatenation of the ticks {@code takeUntilOther} the result, then the result: when the run's end arrived on
     * the events tail's thread while Netty requested more on its own, that switch could lose the completion, and the
     * call waited for ever with its run ended (one call of ~87,000 in the scaling benchmark; 13 rounds of 200,000 in
     * a probe that forces the timing, as {@code WaitResponsesTests} does). A merge serialises the two sources itself.
     */
    static Flux<byte[]> chunks(CompletableFuture<Object> result, Duration keepAlive) {
        // a tick Netty is not ready to write yet is dropped (a missed newline is harmless): at most one waits in the
        // merge (prefetch 1); without the drop an overloaded gateway failed the call with OverflowException
        Flux<byte[]> ticks = Flux.interval(keepAlive, keepAlive).onBackpressureDrop().map(tick -> NEWLINE);
        // mapped on the future, not on the Mono: a null result is JSON null (as in write()), not an empty Mono
        Mono<byte[]> json = Mono.fromFuture(result.thenApply(WaitResponses::bodyOf), true);
        return Flux.merge(1, ticks, json)
                .takeUntil(bytes -> bytes != NEWLINE)
                .startWith(new byte[0]);
    }

    /**
     * The result's JSON. A run's values arrive as the bytes of their JSON ({@link RawJsonMap}, from the completion's
     * record) and are sent as they are: on a long thread they are the whole conversation, and encoding them again
     * copied it twice more per answer.
     */
    static byte[] bodyOf(Object result) {
        return result instanceof RawJsonMap raw && raw.undecodedJson() instanceof byte[] json ? json : Json.write(result);
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
