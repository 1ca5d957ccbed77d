package dev.kgraph.worker.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** How long a stream thread's main consumer may wait in poll, from what its partitions' sequencers reported. */
class SequencerWakeUpsTests {
    private static final Duration POLL_MS = Duration.ofMillis(20);
    private static final long NOW = 1_000_000;
    private final SequencerWakeUps wakeUps = new SequencerWakeUps();

    @Test
    void theThreadSleepsUntilTheEarliestOfItsPartitionsIsDue() {
        wakeUps.sleepUntil(0, NOW + 300);
        wakeUps.sleepUntil(1, NOW + 120);
        wakeUps.sleepUntil(2, NOW + 5); // another thread's partition: not this consumer's business

        assertThat(wakeUps.pollTimeout(partitions(0, 1), POLL_MS, NOW)).isEqualTo(Duration.ofMillis(120));
    }

    @Test
    void anIdleThreadStillWakesAfterTheLongestIdlePoll() {
        wakeUps.sleepUntil(0, Long.MAX_VALUE); // nothing scheduled at all

        assertThat(wakeUps.pollTimeout(partitions(0), POLL_MS, NOW)).isEqualTo(SequencerWakeUps.IDLE_POLL);
    }

    @Test
    void aBusyOrDuePartitionKeepsTheShortPoll() {
        wakeUps.sleepUntil(0, NOW + 300);
        wakeUps.busy(1);
        wakeUps.sleepUntil(2, NOW - 50); // overdue

        assertThat(wakeUps.pollTimeout(partitions(0, 1), POLL_MS, NOW)).isEqualTo(POLL_MS);
        assertThat(wakeUps.pollTimeout(partitions(0, 2), POLL_MS, NOW)).isEqualTo(POLL_MS);
        assertThat(wakeUps.pollTimeout(partitions(0), POLL_MS, NOW)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aPartitionWhoseSequencerHasNotReportedOrIsGoneKeepsTheShortPoll() {
        wakeUps.sleepUntil(0, NOW + 300);
        wakeUps.sleepUntil(1, NOW + 300);
        wakeUps.forget(1);

        assertThat(wakeUps.pollTimeout(partitions(0, 1), POLL_MS, NOW)).isEqualTo(POLL_MS);
        assertThat(wakeUps.pollTimeout(partitions(0, 3), POLL_MS, NOW)).isEqualTo(POLL_MS);
    }

    @Test
    void whatKafkaStreamsAsksWithoutWaitingOrWithoutPartitionsIsLeftAlone() {
        wakeUps.sleepUntil(0, NOW + 300);

        assertThat(wakeUps.pollTimeout(partitions(0), Duration.ZERO, NOW)).isEqualTo(Duration.ZERO);
        assertThat(wakeUps.pollTimeout(Set.of(), POLL_MS, NOW)).isEqualTo(POLL_MS);
    }

    /** A stream thread's assignment: each partition of both inputs. */
    private static List<TopicPartition> partitions(int... numbers) {
        return java.util.Arrays.stream(numbers).boxed()
                .flatMap(p -> java.util.stream.Stream.of(new TopicPartition("kgraph.requests", p),
                        new TopicPartition("kgraph.progress", p)))
                .toList();
    }
}
