package dev.kgraph.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code runs/stream} call, read to its end on the calling (virtual) thread: when the first event and the end of
 * the body arrived, how many events came, and whether {@link StreamCheck} was satisfied. A stream still open after the
 * request timeout is cut by a platform timer (the JDK's timeout covers only the headers) and counts as a timeout.
 */
final class StreamCall {

    /**
     * @param sentAt       {@link System#nanoTime()} before the request was sent
     * @param firstEventAt when the first event was complete (its blank line read); 0 if none came
     * @param endAt        when the body ended, or the call failed
     * @param events       events received (every dispatched SSE event, {@code metadata} included)
     * @param problem      null when the stream was complete and right; else a short kind for the report
     */
    record Result(long sentAt, long firstEventAt, long endAt, int events, String problem) {
        boolean succeeded() {
            return problem == null;
        }
    }

    private final RunsApi api;
    private final ScheduledExecutorService timer;
    private final Duration timeout;
    private final List<String> streamModes;
    private final boolean createThread;

    StreamCall(RunsApi api, ScheduledExecutorService timer, Duration timeout, List<String> streamModes,
            boolean createThread) {
        this.api = api;
        this.timer = timer;
        this.timeout = timeout;
        this.streamModes = streamModes;
        this.createThread = createThread;
    }

    Result run(String threadId, ObjectNode input, StreamCheck check) throws InterruptedException {
        if (createThread) {
            try {
                api.createThread(threadId); // untimed: the anchor's own load script creates threads the same way
            } catch (IOException e) {
                long now = System.nanoTime();
                return new Result(now, 0, now, 0, "create thread: " + e.getClass().getSimpleName());
            }
        }
        long sent = System.nanoTime();
        long first = 0;
        int events = 0;
        var timedOut = new AtomicBoolean();
        try {
            HttpResponse<InputStream> response = api.openStream(threadId, input, streamModes, createThread);
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    String text = new String(body.readNBytes(4096), StandardCharsets.UTF_8);
                    return new Result(sent, 0, System.nanoTime(), 0,
                            "HTTP " + response.statusCode() + ": " + LoopbackHttp.abbreviate(text, 80));
                }
                long left = timeout.toNanos() - (System.nanoTime() - sent);
                var cut = timer.schedule(() -> {
                    timedOut.set(true);
                    close(body);
                }, Math.max(0, left), TimeUnit.NANOSECONDS);
                try {
                    var reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                    var parser = new SseParser();
                    for (String line; (line = reader.readLine()) != null; ) {
                        Optional<SseEvent> event = parser.line(line);
                        if (event.isPresent()) {
                            if (events++ == 0) {
                                first = System.nanoTime();
                            }
                            check.accept(event.get());
                        }
                    }
                    parser.end();
                } finally {
                    cut.cancel(false);
                }
            }
            long end = System.nanoTime();
            return new Result(sent, first, end, events, timedOut.get() ? "timeout" : check.problem());
        } catch (HttpTimeoutException e) {
            return new Result(sent, first, System.nanoTime(), events, "timeout");
        } catch (IOException e) {
            String kind = timedOut.get() ? "timeout" : "I/O: " + e.getClass().getSimpleName();
            return new Result(sent, first, System.nanoTime(), events, kind);
        }
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // the reader fails either way, which is what the timer is for
        }
    }
}
