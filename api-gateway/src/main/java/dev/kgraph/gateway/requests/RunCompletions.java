package dev.kgraph.gateway.requests;

import dev.kgraph.gateway.api.ApiException;
import dev.kgraph.model.events.LocalRunValues;
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
 *
 * <p>A long thread's run sends its final values once, from its execution ({@link RunEvent.RunValues}, ahead of its
 * end report), and its completion names the dispatch they came from instead of carrying them. A waiter keeps the
 * values offered for its run and answers with those of the dispatch the completion names. They usually come first,
 * but not always: the execution's producer may have them appended after its end report, which the writer can read
 * and answer meanwhile (about one run in a hundred on a saturated machine). So a completion whose values were not
 * kept waits for them a moment ({@link #VALUES_GRACE}); values still missing then (a waiter that registered after
 * they passed, or a send that failed) are asked of the thread's writer, which reads them from the checkpoint the run
 * ended at.
 *
 * <p>In the standalone server an execution in the same process hands the values over directly ({@link #handOver}):
 * the run's waiter gets them as it would from the tail, without their trip through the broker.
 */
public final class RunCompletions implements LocalRunValues {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RunCompletions.class);
    /** Values of this many dispatches of one run are kept at most (a run re-dispatched after a crash sends again). */
    private static final int MAX_OFFERS = 4;
    /** How long a completion waits for the values it names before they are asked of the writer. */
    public static final Duration VALUES_GRACE = Duration.ofMillis(500);
    private final int maxWaiters;
    private final WriterAnswers writer;
    private final java.util.concurrent.Executor afterGrace;
    private final Map<String, Waiter> waiters = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    /** A gateway's way of asking the thread's writer for a finished run's {@code runs/wait} body. */
    @FunctionalInterface
    public interface WriterAnswers {
        CompletableFuture<Object> bodyOf(String threadId, String runId);
    }

    /** @param writer asked for the body of a run whose completion named values that did not come */
    public RunCompletions(int maxWaiters, WriterAnswers writer) {
        this(maxWaiters, writer, CompletableFuture.delayedExecutor(VALUES_GRACE.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    /** @param afterGrace runs what waited {@link #VALUES_GRACE} for values (tests run it when they choose) */
    RunCompletions(int maxWaiters, WriterAnswers writer, java.util.concurrent.Executor afterGrace) {
        this.maxWaiters = maxWaiters;
        this.writer = writer;
        this.afterGrace = afterGrace;
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

    /** Called by the events tail (one thread) for every run event it decoded. */
    public void onEvent(RunEvent event) {
        switch (event) {
            case RunEvent.RunValues values -> {
                var waiter = waiters.get(values.runId());
                if (waiter != null) {
                    offer(waiter, values);
                }
            }
            case RunEvent.RunCompleted completed -> {
                var waiter = waiters.get(completed.runId());
                if (waiter != null) {
                    complete(waiter, completed);
                }
            }
            case RunEvent.RunStarted ignored -> {
                // no longer written; older records are skipped
            }
        }
    }

    /**
     * Takes the final values of a run that a caller of this process waits for, from an execution in this process,
     * as {@link #onEvent} takes them from the events tail; false (send them on Kafka) when nobody here waits.
     */
    @Override
    public boolean handOver(RunEvent.RunValues values) {
        var waiter = waiters.get(values.runId());
        if (waiter == null || waiter.result.isDone()) {
            return false;
        }
        offer(waiter, values);
        return true;
    }

    /** Values for a waiter: from the tail's thread, or an execution's ({@link #handOver}); hence the lock. */
    private void offer(Waiter waiter, RunEvent.RunValues values) {
        synchronized (waiter) {
            if (values.dispatchId().equals(waiter.awaited)) { // the completion came first
                waiters.remove(values.runId(), waiter);
                waiter.result.complete(values.values());
            } else {
                waiter.offer(values.dispatchId(), values.values());
            }
        }
    }

    private void complete(Waiter waiter, RunEvent.RunCompleted completed) {
        var runId = completed.runId();
        synchronized (waiter) {
            var values = completed.valuesFrom() == null ? completed.result() : waiter.offered(completed.valuesFrom());
            if (values != null || completed.valuesFrom() == null) {
                waiters.remove(runId, waiter);
                waiter.result.complete(values);
                return;
            }
            // the values named are not here (yet): the waiter stays, so they complete it when they come
            waiter.awaited = completed.valuesFrom();
        }
        afterGrace.execute(() -> {
            if (waiter.result.isDone()) {
                return;
            }
            waiters.remove(runId, waiter);
            log.info("run {}: the values its completion named (dispatch {}) did not come within {} ms; asked its"
                    + " writer", runId, completed.valuesFrom(), VALUES_GRACE.toMillis());
            writer.bodyOf(completed.threadId(), runId).whenComplete((body, error) -> {
                if (error != null) {
                    waiter.result.completeExceptionally(error);
                } else {
                    waiter.result.complete(body);
                }
            });
        });
    }

    public int waiting() {
        return count.get();
    }

    private static final class Waiter {
        final CompletableFuture<Object> result = new CompletableFuture<>();
        final AtomicInteger holders = new AtomicInteger();
        /** Final values sent by executions of the run, by dispatch id; touched under the waiter's lock. */
        private Map<String, Object> offers;
        /** The dispatch whose values a completion named before they came; touched under the waiter's lock. */
        private String awaited;

        void offer(String dispatchId, Object values) {
            if (offers == null) {
                offers = new java.util.LinkedHashMap<>(2);
            }
            offers.put(dispatchId, values);
            if (offers.size() > MAX_OFFERS) {
                offers.remove(offers.keySet().iterator().next());
            }
        }

        Object offered(String dispatchId) {
            var values = offers == null ? null : offers.get(dispatchId);
            offers = null;
            return values;
        }
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
