package dev.kgraph.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Synthetic completions: 2 partitions, 10 runs per second each, partition 1 stops for a while after the kill. */
class RecoveryReportTests {

    private static final long S = 1_000_000_000L;

    @Test
    void reportsWhenTheStalledPartitionResumedAndWhenThroughputWasBack() {
        // setup: kill at 10 s; partition 1 is silent from 10 s to 22.5 s, then both run again; partition 0 has a
        // 1.5 s hiccup at 35 s, which is noise, not a stall
        List<Completion> completions = new ArrayList<>();
        addRuns(completions, 0, 0, 35 * S);
        addRuns(completions, 0, 36 * S + S / 2, 40 * S);
        addRuns(completions, 1, 0, 10 * S);
        addRuns(completions, 1, 22 * S + S / 2, 40 * S);
        completions.add(new Completion(10 * S, 15 * S, 1, "HTTP 503"));

        // when
        RecoveryReport report = RecoveryReport.of(completions, 0, 10 * S, 40 * S, true, 2);

        // then
        assertThat(report.killedAtS()).isEqualTo(10.0);
        assertThat(report.baselineRunsPerSec()).isEqualTo(20.0);
        assertThat(report.stalledPartitions()).containsExactly(1);
        assertThat(report.partitionsResumedAfterS()).isCloseTo(12.5, org.assertj.core.data.Offset.offset(0.11));
        assertThat(report.partitionStallS()[0]).isCloseTo(1.6, org.assertj.core.data.Offset.offset(0.11));
        assertThat(report.backToBaselineAfterS()).isEqualTo(13.0); // bucket [23 s, 24 s) is the first full one
        assertThat(report.settledAfterS()).isEqualTo(13.0);
        assertThat(report.errorsAfterKill()).containsEntry("HTTP 503", 1L);
        assertThat(report.runsPerSecondAfterKill()).hasSize(30);
    }

    @Test
    void aPartitionStillSilentAtTheEndHasNotResumed() {
        List<Completion> completions = new ArrayList<>();
        addRuns(completions, 0, 0, 20 * S);
        addRuns(completions, 1, 0, 10 * S);

        RecoveryReport report = RecoveryReport.of(completions, 0, 10 * S, 20 * S, true, 2);

        assertThat(report.stalledPartitions()).containsExactly(1);
        assertThat(report.partitionsResumedAfterS()).isNull();
        assertThat(report.partitionResumedAfterS()[1]).isEqualTo(-1.0);
        assertThat(report.backToBaselineAfterS()).isNull(); // half the runs, for good
        assertThat(report.settledAfterS()).isEqualTo(0.0);
    }

    /** Ten successful runs per second on one partition, done at from + 0.05 s, from + 0.15 s, ... before to. */
    private static void addRuns(List<Completion> completions, int partition, long from, long to) {
        for (long t = from + S / 20; t < to; t += S / 10) {
            completions.add(new Completion(t - S / 10, t, partition, null));
        }
    }
}
