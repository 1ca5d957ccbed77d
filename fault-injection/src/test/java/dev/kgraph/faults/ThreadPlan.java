package dev.kgraph.faults;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** One thread of the load: which graph it runs and its run-creating requests in the order they were sent. */
final class ThreadPlan {

    /**
     * The kinds of load: {@code slow} runs/wait, a {@code counter} paused and resumed, {@code echo} runs enqueued then
     * joined, and {@code counter} runs enqueued in the background on one thread then joined ({@code COUNTERS}).
     */
    enum Kind { SLOW, COUNTER, ECHO, COUNTERS }

    final String threadId = UUID.randomUUID().toString();
    final Kind kind;
    final List<Op> ops = new CopyOnWriteArrayList<>();

    ThreadPlan(Kind kind) {
        this.kind = kind;
    }
}
