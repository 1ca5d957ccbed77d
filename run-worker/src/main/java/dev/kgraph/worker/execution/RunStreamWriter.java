package dev.kgraph.worker.execution;

import dev.kgraph.graph.StreamEvent;
import dev.kgraph.graph.StreamListener;
import dev.kgraph.model.progress.RunOutcome;
import dev.kgraph.model.runs.Run;
import dev.kgraph.model.runs.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream of one attempt of one streamed run: {@code metadata} first, then the run's events in the modes it
 * asked for ({@link StreamTranslator}), then {@code error} if it failed, then the {@code control: done} marker; all
 * to {@code kgraph.stream}. Called from the run's loop thread and its node threads, so calls are serialised here;
 * publishing never blocks the run (sends are asynchronous), except {@link #finish} which waits for Kafka's
 * acknowledgement of everything sent, so a run's events are in the log before its end is reported.
 */
final class RunStreamWriter implements StreamListener {
    private static final Logger log = LoggerFactory.getLogger(RunStreamWriter.class);
    private static final Duration FLUSH_LIMIT = Duration.ofSeconds(30);

    private final StreamPublisher publisher;
    private final StreamTranslator translator;
    private final String threadId;
    private final String runId;
    private final int attempt;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    private RunStreamWriter(StreamPublisher publisher, StreamTranslator translator, Run run, int attempt) {
        this.publisher = publisher;
        this.translator = translator;
        this.threadId = run.threadId();
        this.runId = run.runId();
        this.attempt = attempt;
    }

    /**
     * The writer of a run someone streams ({@code kwargs.streamed}, set by the streaming endpoints, or
     * {@code stream_resumable}; {@code joined}: someone joined its stream while it runs), or null: other runs
     * publish nothing.
     */
    static RunStreamWriter forRun(Run run, int attempt, StreamPublisher publisher, Map<String, Object> metadata,
                                  Clock clock, boolean joined) {
        var kwargs = run.kwargs() == null ? Map.<String, Object>of() : run.kwargs();
        boolean streamed = joined || Boolean.TRUE.equals(kwargs.get("streamed"))
                || Boolean.TRUE.equals(kwargs.get("resumable"));
        if (publisher == null || !streamed) {
            return null;
        }
        var modes = new LinkedHashSet<String>();
        if (kwargs.get("stream_mode") instanceof List<?> list) {
            list.forEach(mode -> modes.add(String.valueOf(mode)));
        } else if (kwargs.get("stream_mode") instanceof String mode) {
            modes.add(mode);
        }
        if (modes.isEmpty()) {
            modes.add("values");
        }
        var translator = new StreamTranslator(modes, Boolean.TRUE.equals(kwargs.get("subgraphs")), metadata, clock);
        return new RunStreamWriter(publisher, translator, run, attempt);
    }

    /** {@code metadata {run_id, attempt}}: the first event of every attempt. */
    synchronized void start() {
        send("metadata", Map.of("run_id", runId, "attempt", attempt));
    }

    @Override
    public synchronized void onEvent(StreamEvent event) {
        for (var frame : translator.translate(event)) {
            send(frame.event(), frame.data());
        }
    }

    /** The end of the attempt: its error, a static breakpoint's empty interrupt, the done marker; then waits for acks. */
    void finish(RunOutcome outcome) {
        synchronized (this) {
            if (outcome.body() instanceof Map<?, ?> result && result.get("__error__") instanceof Map<?, ?> error) {
                send("error", error);
            } else if (outcome.status() == RunStatus.SUCCESS && outcome.hasNext()) {
                translator.staticBreakpoint().forEach(frame -> send(frame.event(), frame.data()));
            }
            last = publisher.sendDone(threadId, runId, attempt);
        }
        try {
            last.get(FLUSH_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (Exception failed) {
            log.warn("stream events of run {} attempt {} may be incomplete: {}", runId, attempt, failed.toString());
        }
    }

    private void send(String event, Object data) {
        last = publisher.send(threadId, runId, attempt, event, data);
    }
}
