package dev.kgraph.gateway.runs;

import dev.kgraph.gateway.GatewaySettings;
import dev.kgraph.gateway.api.OnDisconnect;
import dev.kgraph.gateway.requests.RunCompletions;
import dev.kgraph.gateway.requests.SequencerClient;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.runs.RunSpec;
import java.time.Duration;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Hands new runs to their thread's writer, for every run-creating endpoint (thread-bound and stateless). The waiting
 * variant is the one place that knows the order that makes {@code runs/wait} safe: the completion waiter is registered
 * before the run is created (a fast run cannot end unseen), the 200 is committed only once the writer accepted the
 * run (so 404/409 stay real statuses), keep-alives flow until the completion, and {@code on_disconnect: cancel}
 * interrupts a run whose caller left early.
 */
@Component
public final class RunLauncher {
    private final SequencerClient sequencer;
    private final RunCompletions completions;
    private final Duration keepAlive;
    private final dev.kgraph.gateway.webhooks.WebhookUrlPolicy webhookPolicy;

    public RunLauncher(SequencerClient sequencer, RunCompletions completions, GatewaySettings settings,
                       dev.kgraph.gateway.webhooks.WebhookUrlPolicy webhookPolicy) {
        this.sequencer = sequencer;
        this.completions = completions;
        this.keepAlive = settings.keepAlive();
        this.webhookPolicy = webhookPolicy;
    }

    /**
     * Creates the run; the reply body is the stored Run. Writer refusals become their HTTP errors; a webhook URL the
     * policy refuses (loopback, private addresses... see {@code kgraph.webhooks.*}) is a 422 before anything is sent.
     */
    public Mono<Reply> create(String threadId, RunSpec spec) {
        return create(threadId, spec, false);
    }

    /**
     * As {@link #create(String, RunSpec)}; {@code acknowledgeOnly}: the reply has no body (the caller waits for the
     * run's end or streams it, and needs only to know it was accepted), which saves encoding the Run twice.
     */
    public Mono<Reply> create(String threadId, RunSpec spec, boolean acknowledgeOnly) {
        return create(threadId, spec, acknowledgeOnly, false);
    }

    private Mono<Reply> create(String threadId, RunSpec spec, boolean acknowledgeOnly, boolean deferAcknowledgement) {
        if (spec.kwargs().get("webhook") instanceof String webhook) {
            var refused = webhookPolicy.violation(java.net.URI.create(webhook));
            if (refused.isPresent()) {
                return Mono.error(dev.kgraph.gateway.api.ApiException.unprocessable("webhook: " + refused.get()));
            }
        }
        return sequencer.ask((requestId, replyTo) -> new ThreadRequest.CreateRun(requestId, threadId, replyTo, spec,
                        acknowledgeOnly ? Boolean.TRUE : null, deferAcknowledgement ? Boolean.TRUE : null))
                .flatMap(SequencerClient.requireOk());
    }

    /** What {@link #createAndWait} takes for the acceptance of a run that ended before it was acknowledged. */
    private static final Reply ENDED = new Reply(null, null, Reply.Outcome.OK, null, null);

    private static final java.time.Duration DISCONNECT_PROBE = java.time.Duration.ofMillis(200);

    /**
     * Creates the run and answers with its {@code runs/wait} body once it ends.
     *
     * @param contentLocation the run's address, sent as {@code Content-Location} (the SDKs read the run id from it)
     * @param location        where a client re-joins after a broken read, sent as {@code Location}
     */
    public Mono<Void> createAndWait(String threadId, RunSpec spec, ServerHttpResponse response, String contentLocation,
                                    String location) {
        // the wait's lambdas capture the run id, not the spec: a waiting call would otherwise keep the whole run
        // (input, config, metadata: about 2 KB of a slow run's in a heap dump) until its end, 10,000 in a burst
        var runId = spec.runId();
        var waiter = completions.register(runId);
        var cancelOnDisconnect = OnDisconnect.CANCEL.wire().equals(spec.kwargs().get("on_disconnect"));
        // the writer acknowledges a run only if it is still going after a moment (a refusal at once): the end of a
        // short run is its acceptance, and its completion the only record that comes back. Not when the run must be
        // cancelled on disconnect: a client that leaves before the acceptance would go unnoticed
        var endedFirst = Mono.fromFuture(waiter.result(), true).then(Mono.just(ENDED));
        return Mono.firstWithSignal(create(threadId, spec, true, !cancelOnDisconnect), endedFirst)
                .flatMap(accepted -> {
                    response.getHeaders().set("Content-Location", contentLocation);
                    response.getHeaders().set("Location", location);
                    // a hang-up is only noticed when a write fails (the second after the peer closed), so a run that
                    // must be cancelled on disconnect gets frequent keep-alives: noticed within about half a second
                    var interval = cancelOnDisconnect && keepAlive.compareTo(DISCONNECT_PROBE) > 0 ? DISCONNECT_PROBE
                            : keepAlive;
                    if (cancelOnDisconnect) {
                        WaitResponses.onConnectionClosed(response, () -> {
                            if (!waiter.result().isDone()) {
                                cancel(threadId, runId, "interrupt").subscribe(reply -> { }, failure -> { });
                            }
                        });
                    }
                    return WaitResponses.write(response, waiter.result(), interval);
                })
                .doFinally(signal -> waiter.release());
    }

    /** Cancels a pending or running run; {@code action} is {@code interrupt} or {@code rollback}. */
    public Mono<Reply> cancel(String threadId, String runId, String action) {
        return sequencer.ask((requestId, replyTo) -> new ThreadRequest.CancelRun(requestId, threadId, replyTo, runId,
                action)).flatMap(SequencerClient.requireOk());
    }
}
