package dev.kgraph.faults;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One run-creating request of the load and what its client learned about it. Its id travels in the run's metadata
 * ({@code {"op": id}}), so a request whose answer was lost can be found on the server afterwards.
 */
final class Op {

    /** How far the request got, as far as the client knows. */
    enum Submission {
        /** Every gateway refused the connection: nothing was sent. */
        NOT_SENT,
        /** The server answered that it created the run (its id is known). */
        ACCEPTED,
        /** Sent, but no status came back, or a 5xx: the server may or may not have the run. */
        AMBIGUOUS,
        /** The server refused it with a 4xx: never expected in this load. */
        REJECTED
    }

    final String id = UUID.randomUUID().toString();
    final ThreadPlan thread;
    final String label;
    /** The body its {@code runs/wait} or {@code join} must answer; null when it depends on the thread (echo). */
    final @Nullable Object expected;
    /** The message an echo run sends, unique to the op. */
    final String text;
    volatile Submission submission = Submission.NOT_SENT;
    volatile @Nullable String runId;
    /** Why the submission is ambiguous or rejected. */
    volatile @Nullable String detail;
    volatile boolean answered;
    volatile @Nullable Object answer;
    /** The answer came from a re-join through another gateway after the first one broke off. */
    volatile boolean rejoined;
    /** Set when the client gave up getting an answer for an accepted run. */
    volatile @Nullable String answerFailure;
    /** The durability the client asked for (null: the server's default), as the client sent it. */
    volatile @Nullable String durability;
    /** Whether the client sent a non-null input (a resume with {@code input: null} sends none). */
    volatile boolean hasInput;
    /** How long the run's graph executes when it is a {@code slow} run ({@code input.ms}); 0 for other graphs. */
    volatile int executionMillis;
    /** {@link System#nanoTime} when the client sent the request; 0 until then. */
    volatile long sentAt;
    /** {@link System#nanoTime} when the client stopped waiting for its outcome (answer, refusal, give-up); 0 before. */
    volatile long settledAt;

    Op(ThreadPlan thread, String label, @Nullable Object expected) {
        this.thread = thread;
        this.label = label;
        this.expected = expected;
        this.text = "op-" + id;
    }

    /** The client had sent it and did not know its outcome yet at {@code nanoTime}: the run was in flight. */
    boolean inFlightAt(long nanoTime) {
        long sent = sentAt;
        long settled = settledAt;
        return sent != 0 && sent <= nanoTime && (settled == 0 || settled > nanoTime);
    }

    void settled() {
        if (settledAt == 0) {
            settledAt = System.nanoTime();
        }
    }

    boolean acceptedForSure() {
        return submission == Submission.ACCEPTED;
    }

    @Override
    public String toString() {
        return label + " op " + id + " on thread " + thread.threadId + (runId == null ? "" : " run " + runId)
                + " (" + submission + (detail == null ? "" : ": " + detail) + ")";
    }
}
