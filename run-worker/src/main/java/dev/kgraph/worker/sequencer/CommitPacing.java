package dev.kgraph.worker.sequencer;

import java.time.Duration;

/**
 * When the sequencer asks Kafka Streams to commit now instead of at the end of the commit interval.
 *
 * <p>Under exactly-once every reply and event of a decision waits for the transaction that holds it, and a commit
 * costs several round trips to the broker (flush, offsets, end of transaction) plus a marker on every partition the
 * transaction wrote. Kafka Streams commits when the interval has passed since the end of the previous commit, and
 * after each commit (and each punctuation) it halves the number of records it processes per task before it looks at
 * the clock again. With a short interval a commit is due after every record or two: once a commit takes longer than
 * the interval, which it does on a busy broker, every transaction carries about one record per task, the records per
 * second a worker decides fall to (tasks / commit latency), and more workers only mean more, smaller transactions for
 * the same broker (docs/benchmarks.md, section 4). A long interval batches a backlog into few transactions, but then
 * a decision on an idle worker waits for it too.
 *
 * <p>So the interval is long, and the sequencer asks for a commit at once after a record that was written less than
 * {@code freshWithin} ago: it did not queue, nothing is gained by waiting, and its answer leaves right away. Only if
 * there is an answer: a decision that sent nothing to another process (a {@code runs/wait} run created and dispatched,
 * its acceptance held back) is left for the next commit, so the run's end a few milliseconds later commits both, and
 * the caller waits for one commit instead of two (see {@code ThreadSequencer#process}). A record
 * that queued longer is part of a backlog; its decision goes out with the rest of the batch when the interval ends. The
 * age is the sequencer's clock minus the record's timestamp (set by the gateway or executor that wrote it): clocks
 * that disagree by more than {@code freshWithin} only move a worker towards one behaviour or the other, never
 * change what is decided.
 *
 * @param freshWithinMs a record at most this old is committed at once; negative: never (commits at the interval only)
 */
public record CommitPacing(long freshWithinMs) {

    /** Commits at the interval only: at-least-once processing, where no output waits for a commit. */
    public static final CommitPacing AT_INTERVAL = new CommitPacing(-1);

    /** Commits at once after a record at most {@code freshWithin} old, at the interval otherwise. */
    public static CommitPacing eagerWhileFresh(Duration freshWithin) {
        if (freshWithin.isNegative()) {
            throw new IllegalArgumentException("freshWithin must not be negative");
        }
        return new CommitPacing(freshWithin.toMillis());
    }

    /** Whether the decision on a record written at {@code writtenAtMs} is committed now (clock of {@code nowMs}). */
    boolean commitNow(long writtenAtMs, long nowMs) {
        return freshWithinMs >= 0 && nowMs - writtenAtMs <= freshWithinMs;
    }
}
