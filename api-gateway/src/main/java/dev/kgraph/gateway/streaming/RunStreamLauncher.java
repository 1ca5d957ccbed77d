package dev.kgraph.gateway.streaming;

import dev.kgraph.gateway.runs.RunLauncher;
import dev.kgraph.gateway.requests.RunCompletions;
import dev.kgraph.model.runs.RunSpec;
import java.time.Duration;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/**
 * Creates a run and answers with its SSE stream, for {@code runs/stream} (thread-bound and stateless) and
 * {@code runs/wait} with {@code stream: true}. The order is what makes it safe: subscribe to the run's events and
 * register for its completion first, then create it (404/409/422 stay real statuses: nothing is sent before the
 * writer accepted the run), then commit the 200 and stream until the executor's done marker.
 */
public final class RunStreamLauncher {
    /** A run cancelled on disconnect needs the hang-up noticed soon: only a failed write reveals it. */
    private static final Duration DISCONNECT_PROBE = Duration.ofMillis(200);

    private final RunStreams streams;
    private final RunCompletions completions;
    private final RunLauncher launcher;

    RunStreamLauncher(RunStreams streams, RunCompletions completions, RunLauncher launcher) {
        this.streams = streams;
        this.completions = completions;
        this.launcher = launcher;
    }

    /**
     * @param spec            a run marked with {@link StreamModes#streamed}
     * @param contentLocation the run's address ({@code Content-Location}; the SDKs read the run id from it)
     * @param location        where a client resumes the stream ({@code Location})
     */
    public Mono<Void> createAndStream(String threadId, RunSpec spec, ServerHttpResponse response,
                                      String contentLocation, String location) {
        return Mono.defer(() -> {
            var subscription = streams.live(spec.runId(), null);
            RunCompletions.Registration waiter;
            try {
                waiter = completions.register(spec.runId());
            } catch (RuntimeException refused) {
                subscription.close();
                return Mono.error(refused);
            }
            subscription.endOnlyOnceSettled(waiter.result());
            boolean cancelOnDisconnect = "cancel".equals(spec.kwargs().get("on_disconnect"));
            return launcher.create(threadId, spec, true)
                    .flatMap(accepted -> {
                        response.getHeaders().set("Content-Location", contentLocation);
                        response.getHeaders().set("Location", location);
                        streams.endWhenCompleted(subscription, waiter.result());
                        var heartbeat = streams.settings().heartbeat();
                        if (cancelOnDisconnect) {
                            heartbeat = heartbeat.compareTo(DISCONNECT_PROBE) > 0 ? DISCONNECT_PROBE : heartbeat;
                            StreamResponses.onConnectionClosed(response, () -> {
                                if (!waiter.result().isDone()) {
                                    launcher.cancel(threadId, spec.runId(), "interrupt")
                                            .subscribe(reply -> { }, failure -> { });
                                }
                            });
                        }
                        return StreamResponses.write(response, subscription.frames(), heartbeat);
                    })
                    .doFinally(signal -> {
                        waiter.release();
                        subscription.close();
                    });
        });
    }
}
