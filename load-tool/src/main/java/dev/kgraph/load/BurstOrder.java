package dev.kgraph.load;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Whether the runs of a burst started in the order they arrived, and whether they started while the burst was still
 * arriving. Arrival is the run id: the gateway names each run with a UUID v7 as its request arrives (increasing in
 * arrival order, with the arrival's Unix milliseconds in its first 48 bits). Start is when the run's execution wrote
 * its first checkpoint (the input, step -1), read back from its thread's history after the burst.
 *
 * @param sampled              runs whose start was read
 * @param arrivalSpanMs        first to last arrival at the gateway, over every run of the burst
 * @param firstStartMs         from the first arrival to the first start
 * @param startedWhileArriving of the sampled runs, the share that started before the last run arrived
 * @param firstWaveStartDelayMs start minus arrival of the sampled runs among the first {@code slots} arrivals: these
 *     had a free slot when they arrived
 * @param spearman             rank correlation of arrival and start (1: started exactly in arrival order)
 * @param displacementRuns     |start rank - arrival rank| of the sampled runs, scaled to the whole burst (p50, p99,
 *     max): how many runs a run was overtaken by, or overtook
 */
public record BurstOrder(
        int sampled,
        long arrivalSpanMs,
        long firstStartMs,
        double startedWhileArriving,
        LatencySummary firstWaveStartDelayMs,
        double spearman,
        List<Long> displacementRuns) {

    /**
     * One sampled run.
     *
     * @param arrivalRank   its position in the arrival order of the whole burst (0 first)
     * @param arrivalMillis Unix milliseconds of its arrival (from its run id)
     * @param startNanos    Unix nanoseconds of its start
     */
    public record Sample(int arrivalRank, long arrivalMillis, long startNanos) {
    }

    /** @param runs the burst's runs, each with its arrival rank; only the sampled ones are given */
    static BurstOrder of(List<Sample> samples, int runs, long firstArrivalMillis, long lastArrivalMillis, int slots) {
        if (samples.isEmpty()) {
            return new BurstOrder(0, lastArrivalMillis - firstArrivalMillis, -1, 0,
                    LatencySummary.ofNanos(new long[0]), 0, List.of());
        }
        int n = samples.size();
        var byArrival = samples.stream().sorted(Comparator.comparingInt(Sample::arrivalRank)).toList();
        long firstStart = byArrival.stream().mapToLong(Sample::startNanos).min().orElseThrow();
        long lastArrivalNanos = (lastArrivalMillis + 1) * 1_000_000; // the millisecond's end: ids carry no more
        long whileArriving = byArrival.stream().filter(s -> s.startNanos() < lastArrivalNanos).count();
        long[] firstWave = byArrival.stream().filter(s -> s.arrivalRank() < slots)
                .mapToLong(s -> Math.max(0, s.startNanos() - s.arrivalMillis() * 1_000_000)).toArray();
        // start ranks among the sampled runs; ties (same nanosecond) keep arrival order
        Integer[] byStart = new Integer[n];
        for (int i = 0; i < n; i++) {
            byStart[i] = i;
        }
        Arrays.sort(byStart, Comparator.comparingLong((Integer i) -> byArrival.get(i).startNanos()).thenComparing(i -> i));
        long[] startRank = new long[n];
        for (int rank = 0; rank < n; rank++) {
            startRank[byStart[rank]] = rank;
        }
        double sumSquares = 0;
        long[] displacement = new long[n];
        double scale = (double) runs / n;
        for (int i = 0; i < n; i++) {
            long d = startRank[i] - i;
            sumSquares += (double) d * d;
            displacement[i] = Math.round(Math.abs(d) * scale);
        }
        double spearman = n < 2 ? 1 : 1 - 6 * sumSquares / ((double) n * ((double) n * n - 1));
        Arrays.sort(displacement);
        return new BurstOrder(n, lastArrivalMillis - firstArrivalMillis,
                Math.round((firstStart - firstArrivalMillis * 1_000_000) / 1e6),
                Math.round(1000.0 * whileArriving / n) / 1000.0, LatencySummary.ofNanos(firstWave),
                Math.round(spearman * 1000) / 1000.0,
                List.of(LatencySummary.nearestRank(displacement, 50), LatencySummary.nearestRank(displacement, 99),
                        displacement[n - 1]));
    }

    /** The Unix milliseconds in a UUID v7's first 48 bits. */
    static long uuid7Millis(String id) {
        return UUID.fromString(id).getMostSignificantBits() >>> 16;
    }
}
