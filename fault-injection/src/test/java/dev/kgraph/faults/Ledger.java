package dev.kgraph.faults;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Every thread and request of the load, written by the client threads, read by the scenario and the checks. */
final class Ledger {
    private final Queue<ThreadPlan> threads = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();

    ThreadPlan newThread(ThreadPlan.Kind kind) {
        var plan = new ThreadPlan(kind);
        threads.add(plan);
        return plan;
    }

    void sent() {
        sent.incrementAndGet();
    }

    void answered() {
        answered.incrementAndGet();
    }

    /** Requests that left a client (accepted, ambiguous or rejected). */
    int sentCount() {
        return sent.get();
    }

    /** Requests whose wait or join returned a result. */
    int answeredCount() {
        return answered.get();
    }

    /** Requests sent whose outcome their client does not know yet. */
    int inFlightNow() {
        long now = System.nanoTime();
        return (int) threads.stream().flatMap(thread -> thread.ops.stream()).filter(op -> op.inFlightAt(now)).count();
    }

    /**
     * The requests in flight whose run, if it executes now, still executes for at least {@code margin}: a run cannot
     * start before its request was sent, so its execution ends no sooner than {@code sentAt + executionMillis}. Those
     * with the most time left come first.
     */
    List<Op> executionsLeftAtLeast(Duration margin) {
        long now = System.nanoTime();
        return threads.stream().flatMap(thread -> thread.ops.stream())
                .filter(op -> op.executionMillis > 0 && op.inFlightAt(now))
                .filter(op -> endsNoSoonerThan(op) - now >= margin.toNanos())
                .sorted(Comparator.comparingLong(Ledger::endsNoSoonerThan).reversed())
                .toList();
    }

    private static long endsNoSoonerThan(Op op) {
        return op.sentAt + TimeUnit.MILLISECONDS.toNanos(op.executionMillis);
    }

    List<ThreadPlan> threads() {
        return List.copyOf(threads);
    }
}
