package dev.kgraph.faults;

import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** What the end checks counted and found; every entry of {@link #problems} fails the test. */
final class Tally {
    final AtomicInteger threads = new AtomicInteger();
    final AtomicInteger submitted = new AtomicInteger();
    final AtomicInteger acceptedForSure = new AtomicInteger();
    final AtomicInteger ambiguousFound = new AtomicInteger();
    final AtomicInteger ambiguousAbsent = new AtomicInteger();
    final AtomicInteger notSent = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();
    final AtomicInteger answeredDuringLoad = new AtomicInteger();
    final AtomicInteger rejoined = new AtomicInteger();
    /** Reports of superseded executions the workers ignored (from their logs): the fence at work. */
    final AtomicInteger fencedReports = new AtomicInteger();
    /** Run streams cut by the gateway kill and resumed on the other gateway ({@link StreamResumeCheck}). */
    final AtomicInteger streamsResumed = new AtomicInteger();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger lost = new AtomicInteger();
    final AtomicInteger wrong = new AtomicInteger();
    final AtomicInteger checkpoints = new AtomicInteger();
    /** Runs whose checkpoints carry a {@code run_attempt} above 1: executed again after a crash or a task move. */
    final Set<String> resumedRuns = ConcurrentHashMap.newKeySet();
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();

    void problem(String what) {
        problems.add(what);
    }

    void lost(String what) {
        lost.incrementAndGet();
        problem("LOST: " + what);
    }

    void duplicate(String what) {
        duplicates.incrementAndGet();
        problem("DUPLICATE: " + what);
    }

    void wrong(String what) {
        wrong.incrementAndGet();
        problem("WRONG: " + what);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    int accepted() {
        return acceptedForSure.get() + ambiguousFound.get();
    }
}
