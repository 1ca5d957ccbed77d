package dev.kgraph.gateway.streaming;

import java.time.Duration;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Writes a run's stream as the SSE body: the headers at once (the SDKs wait for them), each frame flushed as it
 * comes, a {@code : heartbeat} comment every heartbeat interval until the stream ends, then the body ends (no
 * terminal event, as LangGraph Platform). Nothing here blocks: frames arrive from a bounded buffer that Kafka
 * reader threads fill.
 */
final class StreamResponses {
    private static final byte[] NOTHING = new byte[0];

    private StreamResponses() {
    }

    static Mono<Void> write(ServerHttpResponse response, Flux<StreamFrame> frames, Duration heartbeat) {
        response.getHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        response.getHeaders().set("Cache-Control", "no-store");
        return response.writeAndFlushWith(body(frames, heartbeat)
                .map(bytes -> Mono.just(response.bufferFactory().wrap(bytes))));
    }

    /** Nothing (commits the headers), then the frames merged with heartbeats until the frames end. */
    static Flux<byte[]> body(Flux<StreamFrame> frames, Duration heartbeat) {
        Sinks.One<Boolean> ended = Sinks.one();
        Flux<byte[]> events = frames.map(SseFrames::encode).doFinally(signal -> ended.tryEmitValue(true));
        // a tick Netty is not ready to write is dropped: a missed heartbeat is harmless
        Flux<byte[]> beats = Flux.interval(heartbeat, heartbeat).onBackpressureDrop().map(tick -> SseFrames.HEARTBEAT)
                .takeUntilOther(ended.asMono());
        return Flux.concat(Mono.just(NOTHING), Flux.merge(events, beats));
    }

    /**
     * Runs {@code action} when the client's connection closes. Reactor Netty does not cancel a response whose client
     * vanished until a write fails, so the channel itself is watched.
     */
    static void onConnectionClosed(ServerHttpResponse response, Runnable action) {
        if (response instanceof AbstractServerHttpResponse netty
                && netty.getNativeResponse() instanceof reactor.netty.Connection connection) {
            connection.channel().closeFuture().addListener(closed -> action.run());
        }
    }
}
