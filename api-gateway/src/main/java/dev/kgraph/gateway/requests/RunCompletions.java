package dev.kgraph.gateway.requests;

import dev.kgraph.gateway.api.ApiException;
import dev.kgraph.model.events.RunEvent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Callers waiting for runs to end ({@code runs/wait}, {@code join}), completed from {@code kgraph.events}, which
 * every gateway reads whole: whichever gateway a caller reached, it sees the completion. Register before asking the
 * writer, so a completion cannot slip between the two; release when the caller is answered or gone. Bounded.
 */
public final class RunCompletions {
    private final int maxWaiters;
    private final Map<String, Waiter> waiters = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    public RunCompletions(int maxWaiters) {
        this.maxWaiters = maxWaiters;
    }

    /** A handle on the completion of {@code runId}; always {@link Registration#release() release} it. */
    public Registration register(String runId) {
        if (count.incrementAndGet() > maxWaiters) {
            count.decrementAndGet();
            throw ApiException.unavailable("Too many callers are waiting for runs; retry shortly.",
                    Duration.ofSeconds(1));
        }
        var waiter = waiters.compute(runId, (id, existing) -> {
            var w = existing != null ? existing : new Waiter();
            w.holders.incrementAndGet();
            return w;
        });
        return new Registration(runId, waiter);
    }

    /**
     * Whether a run event with these headers may complete a waiter here (records without a run header, written
     * before it existed, may). Called by the events tail before it decodes a record: a gateway decodes only the
     * completions of the runs its callers wait for. A waiter registers before its run is created, so no completion
     * it needs can be judged before it registered.
     */
    public boolean wants(org.apache.kafka.common.header.Headers headers) {
        var runId = dev.kgraph.model.events.RunEventHeaders.runId(headers);
        return runId == null || waiters.containsKey(runId);
    }

    /** Called by the events tail for every run event. */
    public void onEvent(RunEvent event) {
        if (event instanceof RunEvent.RunCompleted completed) {
            var waiter = waiters.remove(completed.run().runId());
            if (waiter != null) {
                waiter.result.complete(completed.result());
            }
        }
    }

    public int waiting() {
        return count.get();
    }

    private static final class Waiter {
        final CompletableFuture<Object> result = new CompletableFuture<>();
        final AtomicInteger holders = new AtomicInteger();
    }

    /** One caller's interest in one run's completion. */
    public final class Registration {
        private final String runId;
        private final Waiter waiter;
        private boolean released;

        private Registration(String runId, Waiter waiter) {
            this.runId = runId;
            this.waiter = waiter;
        }

        /** Completes with the run's {@code runs/wait} body. */
        public CompletableFuture<Object> result() {
            return waiter.result;
        }

        public synchronized void release() {
            if (released) {
                return;
            }
            released = true;
            count.decrementAndGet();
            // atomically with register(): a waiter is dropped only while nobody else holds it
            var counted = new boolean[1];
            waiters.computeIfPresent(runId, (id, current) -> {
                if (current != waiter) {
                    return current;
                }
                counted[0] = true;
                return current.holders.decrementAndGet() == 0 ? null : current;
            });
            if (!counted[0]) {
                waiter.holders.decrementAndGet(); // already completed and unmapped
            }
        }
    }
}
