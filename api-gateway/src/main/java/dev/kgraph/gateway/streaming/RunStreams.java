package dev.kgraph.gateway.streaming;

import dev.kgraph.gateway.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Subscriptions to runs' streams: live ones through the gateway's shared tail of {@code kgraph.stream} (taken
 * before the run is created or joined, so no event is missed), resumed ones through a consumer of their own placed
 * at {@code Last-Event-ID} (bounded by {@code max-replays}).
 */
public final class RunStreams implements AutoCloseable {
    private final StreamTail tail;
    private final Map<String, Object> consumerConfig;
    private final StreamSettings settings;
    private final Semaphore replays;

    RunStreams(StreamTail tail, Map<String, Object> consumerConfig, StreamSettings settings) {
        this.tail = tail;
        this.consumerConfig = consumerConfig;
        this.settings = settings;
        this.replays = new Semaphore(settings.maxReplays());
    }

    StreamSettings settings() {
        return settings;
    }

    /** The run's events from now on; {@code modes} filters them (null: all). */
    RunSubscription live(String runId, Set<String> modes) {
        return tail.subscribe(runId, modes, settings.bufferSize());
    }

    /**
     * The run's events after {@code afterId} ({@code -1}: from the first event written at or after
     * {@code createdAt}), ending at the run's done marker or, once {@code ended} completes, at the end of the
     * partition as it was then.
     */
    RunSubscription resume(String threadId, String runId, long afterId, Instant createdAt, Set<String> modes,
                           CompletableFuture<?> ended) {
        if (!replays.tryAcquire()) {
            throw ApiException.unavailable("Too many resumed streams; retry shortly.", Duration.ofSeconds(1));
        }
        var subscription = new RunSubscription(runId, modes, settings.bufferSize(), replays::release)
                .endOnlyOnceSettled(ended);
        var partition = StreamPositions.partitionOf(threadId, tail.partitions());
        Thread.ofVirtual().name("stream-replay-" + runId).start(new StreamReplay(consumerConfig, partition,
                afterId < 0 ? -1 : afterId + 1, createdAt, subscription, ended));
        return subscription;
    }

    /** Every run's events on the thread, and its own, from now on, for as long as the client stays. */
    RunSubscription liveThread(String threadId, ThreadStreamModes modes) {
        return tail.subscribeThread(threadId, modes, settings.bufferSize());
    }

    /**
     * Every run's events on the thread after {@code afterId} ({@code -1}: from the oldest the topic holds), then on
     * live, for as long as the client stays; holds one of {@code max-replays} meanwhile.
     */
    RunSubscription resumeThread(String threadId, long afterId, ThreadStreamModes modes) {
        if (!replays.tryAcquire()) {
            throw ApiException.unavailable("Too many resumed streams; retry shortly.", Duration.ofSeconds(1));
        }
        var subscription = RunSubscription.ofThread(threadId, modes, settings.bufferSize(), replays::release);
        var partition = StreamPositions.partitionOf(threadId, tail.partitions());
        Thread.ofVirtual().name("thread-stream-replay-" + threadId).start(new ThreadStreamReplay(consumerConfig,
                partition, afterId < 0 ? -1 : afterId + 1, subscription));
        return subscription;
    }

    /**
     * Ends a live stream when its run has ended and the executor's done marker did not end it first within the
     * grace period (a run cancelled before it started has no marker). A stream that got no event of the run at all
     * (the run ended before its events could flow, e.g. cancelled while pending, or finishing as a join turned its
     * streaming on) then gets what {@code runs/wait} answers: an {@code error} event, or a {@code values} event.
     */
    void endWhenCompleted(RunSubscription subscription, CompletableFuture<Object> completion) {
        completion.whenComplete((result, error) -> CompletableFuture.delayedExecutor(
                settings.endGrace().toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                    if (!subscription.ended() && !subscription.delivered() && result != null) {
                        if (result instanceof Map<?, ?> map && map.get("__error__") != null) {
                            subscription.offerSynthetic("error", dev.kgraph.model.json.Json.write(map.get("__error__")));
                        } else if (subscription.wants("values")) {
                            subscription.offerSynthetic("values", dev.kgraph.model.json.Json.write(result));
                        }
                    }
                    subscription.end();
                }));
    }

    /** Resumed streams reading the topic from a position right now (each holds one of {@code max-replays}). */
    public int replaying() {
        return settings.maxReplays() - replays.availablePermits();
    }

    /** Live subscriptions on this gateway. */
    public int subscribed() {
        return tail.subscribed();
    }

    void start() {
        tail.start();
    }

    @Override
    public void close() throws InterruptedException {
        tail.close();
    }
}
