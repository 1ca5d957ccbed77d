package dev.kgraph.load;

import java.util.Arrays;

/**
 * Latency percentiles of the counted runs, in milliseconds.
 *
 * <p>Percentiles use the nearest-rank method (the smallest sample with at least p% of the samples at or below it),
 * the same as the reference load script, so both tools report comparable figures. All fields are 0 without samples.
 */
public record LatencySummary(int samples, double p50, double p95, double p99, double max, double mean) {

    public static LatencySummary ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0);
        return new LatencySummary(sorted.length, millis(nearestRank(sorted, 50)), millis(nearestRank(sorted, 95)),
                millis(nearestRank(sorted, 99)), millis(sorted[sorted.length - 1]), millis(mean));
    }

    /** The sample at rank ceil(p/100 * n) of an ascending, non-empty array. */
    static long nearestRank(long[] sorted, double percentile) {
        if (sorted.length == 0 || percentile <= 0 || percentile > 100) {
            throw new IllegalArgumentException("need samples and 0 < percentile <= 100");
        }
        int rank = (int) Math.ceil(percentile / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(double nanos) {
        return Math.round(nanos / 100_000.0) / 10.0;
    }
}
