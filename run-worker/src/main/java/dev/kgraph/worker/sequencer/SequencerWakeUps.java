package dev.kgraph.worker.sequencer;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * When each partition's sequencer next needs its stream thread, so that an idle stream thread can sleep in its
 * consumer's poll instead of waking every {@code poll.ms}.
 *
 * <p>The stream thread polls with {@code poll.ms} (20 ms) so that its wall-clock punctuation starts scheduled runs
 * and fires crons on time: an idle server would wake 50 times a second for nothing (the largest part of its idle
 * CPU, docs/benchmarks.md section 6). Instead each sequencer says, after its schedule punctuation, when it is next
 * due: the earliest wake-up in its schedule store ({@code after_seconds} runs, cron ticks, thread ttls), or "now"
 * while it has work in hand (records read in the last {@link #ACTIVE}, runs waiting for an execution slot, recovery
 * pending). {@link PacedConsumer} then polls until the earliest time among the partitions it is assigned, at most
 * {@link #IDLE_POLL}: a record arriving ends the poll at once, so only the stream thread's own timers wait, and
 * those are what the sequencers report. A partition whose sequencer has not reported (its task is being created or
 * restored, or was closed) keeps the short poll.
 *
 * <p>All reports come from stream threads, each about the partitions it owns; a consumer reads those of its own
 * assignment, on the same thread.
 */
public final class SequencerWakeUps {
    /** How long a stream thread sleeps at most when none of its partitions is due: bounds its shutdown's wait. */
    static final Duration IDLE_POLL = Duration.ofMillis(500);
    /**
     * After a record, the thread keeps polling briefly for this long: commits (exactly-once outputs wait for
     * them, every {@code 20 ms}) and follow-up punctuations come from the stream thread's loop, not from a record.
     */
    static final Duration ACTIVE = Duration.ofSeconds(1);

    private final Map<Integer, Long> wakeAt = new ConcurrentHashMap<>();

    /** The partition has work in hand: its thread polls briefly until the partition reports a later time. */
    void busy(int partition) {
        wakeAt.put(partition, 0L);
    }

    /** The partition's sequencer needs its thread next at {@code epochMillis} (the stream thread's clock). */
    void sleepUntil(int partition, long epochMillis) {
        wakeAt.put(partition, epochMillis);
    }

    /** The partition's task is gone from this thread (closed, moved): until it reports again, no long polls. */
    void forget(int partition) {
        wakeAt.remove(partition);
    }

    /**
     * How long the consumer assigned {@code assignment} may block in poll: {@code requested} ({@code poll.ms}) or
     * longer when every assigned partition is idle until later, never longer than {@link #IDLE_POLL}. A zero
     * request (Kafka Streams rebalancing or shutting down) and an empty assignment keep what was asked.
     */
    Duration pollTimeout(Collection<TopicPartition> assignment, Duration requested, long nowMillis) {
        if (requested.isZero() || requested.isNegative() || assignment.isEmpty()) {
            return requested;
        }
        long wake = nowMillis + IDLE_POLL.toMillis();
        for (var partition : assignment) {
            Long at = wakeAt.get(partition.partition());
            if (at == null) {
                return requested;
            }
            wake = Math.min(wake, at);
        }
        long sleep = wake - nowMillis;
        return sleep <= requested.toMillis() ? requested : Duration.ofMillis(sleep);
    }
}
