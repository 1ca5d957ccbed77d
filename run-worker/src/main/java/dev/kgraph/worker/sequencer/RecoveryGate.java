package dev.kgraph.worker.sequencer;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * When a partition changes hands, its runs that were executing are recovered (restarted with attempt + 1). Doing so
 * at once would redo runs whose end is already in {@code kgraph.progress} but not yet applied: the dead worker had
 * reported them, this one has not read that far. So recovery waits until each input topic is caught up: a record
 * produced after the take-over has been read from it, or it has been quiet for a moment. It never waits longer than
 * {@link #LONGEST_MS}. Correctness does not depend on it (the attempt fence does); it only saves re-executions.
 */
final class RecoveryGate {
    static final long SETTLE_MS = 200;
    static final long QUIET_MS = 100;
    static final long LONGEST_MS = 3_000;

    private final long startedAt;
    private final Set<String> topics;
    private final Map<String, Long> lastRead = new HashMap<>();
    private final Set<String> caughtUp = new HashSet<>();

    RecoveryGate(long startedAt, Set<String> topics) {
        this.startedAt = startedAt;
        this.topics = Set.copyOf(topics);
    }

    /** A record of {@code topic}, produced at {@code recordTimestamp}, was processed at {@code now}. */
    void read(String topic, long recordTimestamp, long now) {
        lastRead.put(topic, now);
        if (recordTimestamp >= startedAt) {
            caughtUp.add(topic);
        }
    }

    boolean isOpen(long now) {
        long waited = now - startedAt;
        if (waited >= LONGEST_MS) {
            return true;
        }
        if (waited < SETTLE_MS) {
            return false;
        }
        return topics.stream().allMatch(topic -> caughtUp.contains(topic)
                || now - lastRead.getOrDefault(topic, startedAt) >= QUIET_MS);
    }
}
