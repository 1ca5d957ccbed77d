package dev.kgraph.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencySummaryTests {

    private static final long MS = 1_000_000;

    @Test
    void nearestRankPicksTheSmallestSampleCoveringThePercentile() {
        long[] oneToHundred = LongStream.rangeClosed(1, 100).toArray();

        assertThat(LatencySummary.nearestRank(oneToHundred, 50)).isEqualTo(50);
        assertThat(LatencySummary.nearestRank(oneToHundred, 95)).isEqualTo(95);
        assertThat(LatencySummary.nearestRank(oneToHundred, 99)).isEqualTo(99);
        assertThat(LatencySummary.nearestRank(oneToHundred, 100)).isEqualTo(100);
    }

    @Test
    void smallSamplesRoundTheRankUp() {
        long[] four = {10, 20, 30, 40};

        assertThat(LatencySummary.nearestRank(four, 50)).isEqualTo(20);
        assertThat(LatencySummary.nearestRank(four, 51)).isEqualTo(30);
        assertThat(LatencySummary.nearestRank(four, 99)).isEqualTo(40);
        assertThat(LatencySummary.nearestRank(new long[] {7}, 50)).isEqualTo(7);
    }

    @Test
    void summarisesUnsortedNanosInMilliseconds() {
        long[] nanos = {3 * MS, 1 * MS, 2 * MS, 4 * MS + MS / 2};

        LatencySummary summary = LatencySummary.ofNanos(nanos);

        assertThat(summary.samples()).isEqualTo(4);
        assertThat(summary.p50()).isEqualTo(2.0);
        assertThat(summary.p95()).isEqualTo(4.5);
        assertThat(summary.max()).isEqualTo(4.5);
        assertThat(summary.mean()).isEqualTo(2.6); // 10.5 / 4 = 2.625, shown to 0.1 ms
        assertThat(nanos[0]).isEqualTo(3 * MS); // the caller's array is left alone
    }

    @Test
    void noSamplesGiveZeros() {
        assertThat(LatencySummary.ofNanos(new long[0])).isEqualTo(new LatencySummary(0, 0, 0, 0, 0, 0));
    }

    @Test
    void rejectsPercentilesOutsideTheRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> LatencySummary.nearestRank(new long[] {1}, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> LatencySummary.nearestRank(new long[0], 50));
    }
}
