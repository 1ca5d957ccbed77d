package dev.kgraph.faults;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** One thread of the load: which graph it runs and its run-creating requests in the order they were sent. */
final class ThreadPlan {

    /** The three kinds of load. */
    enum Kind { SLOW, COUNTER, ECHO }

    final String threadId = UUID.randomUUID().toString();
    final Kind kind;
    final List<Op> ops = new CopyOnWriteArrayList<>();

    ThreadPlan(Kind kind) {
        this.kind = kind;
    }
}
