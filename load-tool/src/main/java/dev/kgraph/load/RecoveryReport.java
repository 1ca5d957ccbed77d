package dev.kgraph.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the system came back after a worker was killed under load. Times are seconds after the kill.
 *
 * <p>Throughput is counted in one-second buckets from the kill on. It is "back" at the first bucket that starts three
 * buckets in a row at 90 % or more of a level: the rate before the kill ({@code backToBaselineAfterS}; null if never,
 * e.g. when the survivors have fewer execution slots than the cluster had), and the rate of the last buckets of the
 * window ({@code settledAfterS}). A partition "stalled" when a gap between two of its successful runs after the kill
 * (the kill itself counting as the first run, the end of the window as the last) exceeds max(3 s, 10 x its mean gap
 * before the kill): the runs of the dead worker's partitions wait until another worker takes them over, which after a
 * kill -9 takes at least the group's session timeout (6 s or more: the brokers' floor); shorter gaps are scheduling
 * noise on a busy machine.
 * {@code partitionsResumedAfterS} is when the last stalled partition completed a run again; null when one was still
 * stalled at the end of the window.
 *
 * @param killedAtS                seconds into the measured window
 * @param killed                   whether the process existed and was sent SIGKILL
 * @param partitionStallS          per partition, the longest gap between successful runs after the kill
 * @param partitionResumedAfterS   per partition, the end of that gap; -1 when it was still stalled at the end
 * @param errorsAfterKill          failed calls that came back after the kill, by kind
 */
record RecoveryReport(
        double killedAtS,
        boolean killed,
        double baselineRunsPerSec,
        double finalRunsPerSec,
        Double backToBaselineAfterS,
        Double settledAfterS,
        List<Integer> stalledPartitions,
        Double partitionsResumedAfterS,
        double[] partitionStallS,
        double[] partitionResumedAfterS,
        Map<String, Long> errorsAfterKill,
        double maxLatencyAfterKillMs,
        long[] runsPerSecondAfterKill) {

    private static final double BACK = 0.9;
    private static final int STEADY_BUCKETS = 3;
    private static final double MIN_STALL_S = 3.0;

    static RecoveryReport of(List<Completion> completions, long measureStart, long killAt, long end, boolean killed,
                             int partitions) {
        long[] buckets = bucketsAfter(completions, killAt, end);
        double baseline = rate(completions, measureStart, killAt);
        int tail = Math.min(buckets.length, Math.max(1, Math.min(5, buckets.length / 3)));
        double finalRate = Arrays.stream(buckets, buckets.length - tail, buckets.length).average().orElse(0);
        var partitionStall = new double[partitions];
        var partitionResumed = new double[partitions];
        var stalled = new ArrayList<Integer>();
        double lastResumed = 0;
        boolean allResumed = true;
        for (int p = 0; p < partitions; p++) {
            Gaps gaps = Gaps.after(completions, p, killAt, end);
            double threshold = Math.max(MIN_STALL_S, 10 * meanGapBefore(completions, p, measureStart, killAt));
            boolean stillWaiting = gaps.trailing() > threshold && gaps.trailing() > gaps.longest();
            partitionStall[p] = round2(stillWaiting ? gaps.trailing() : gaps.longest());
            partitionResumed[p] = stillWaiting ? -1 : round2(gaps.longestEndsAfter());
            if (stillWaiting || gaps.longest() > threshold) {
                stalled.add(p);
                allResumed &= !stillWaiting;
                lastResumed = Math.max(lastResumed, partitionResumed[p]);
            }
        }
        Map<String, Long> errors = new HashMap<>();
        double maxLatency = 0;
        for (Completion c : completions) {
            if (c.doneAt() >= killAt && c.doneAt() < end) {
                if (c.succeeded()) {
                    maxLatency = Math.max(maxLatency, c.latencyNanos() / 1e6);
                } else {
                    errors.merge(c.error(), 1L, Long::sum);
                }
            }
        }
        return new RecoveryReport(round2((killAt - measureStart) / 1e9), killed, round2(baseline), round2(finalRate),
                firstSteadyBucket(buckets, BACK * baseline), firstSteadyBucket(buckets, BACK * finalRate),
                List.copyOf(stalled), allResumed ? round2(lastResumed) : null, partitionStall, partitionResumed,
                errors, round2(maxLatency), buckets);
    }

    /** Successful runs per one-second bucket from {@code from}; whole buckets before {@code end} only. */
    static long[] bucketsAfter(List<Completion> completions, long from, long end) {
        var buckets = new long[(int) Math.max(0, (end - from) / 1_000_000_000L)];
        for (Completion c : completions) {
            long bucket = Math.floorDiv(c.doneAt() - from, 1_000_000_000L);
            if (c.succeeded() && bucket >= 0 && bucket < buckets.length) {
                buckets[(int) bucket]++;
            }
        }
        return buckets;
    }

    /** Index of the first bucket that starts {@value #STEADY_BUCKETS} buckets in a row at or above {@code level}. */
    private static Double firstSteadyBucket(long[] buckets, double level) {
        if (level <= 0) {
            return null;
        }
        for (int start = 0; start + STEADY_BUCKETS <= buckets.length; start++) {
            boolean steady = true;
            for (int i = start; i < start + STEADY_BUCKETS; i++) {
                steady &= buckets[i] >= level;
            }
            if (steady) {
                return (double) start;
            }
        }
        return null;
    }

    private static double rate(List<Completion> completions, long from, long to) {
        long count = completions.stream().filter(c -> c.succeeded() && c.doneAt() >= from && c.doneAt() < to).count();
        return to > from ? count / ((to - from) / 1e9) : 0;
    }

    /**
     * The gaps between one partition's successful runs after the kill, the kill counting as the first: the longest,
     * when it ended (seconds after the kill), and the trailing one from the last run to the end of the window.
     */
    private record Gaps(double longest, double longestEndsAfter, double trailing) {

        static Gaps after(List<Completion> completions, int partition, long killAt, long end) {
            long[] times = completions.stream()
                    .filter(c -> c.succeeded() && c.partition() == partition && c.doneAt() >= killAt
                            && c.doneAt() < end)
                    .mapToLong(Completion::doneAt).sorted().toArray();
            long previous = killAt;
            long longest = 0;
            long longestEnd = killAt;
            for (long t : times) {
                if (t - previous > longest) {
                    longest = t - previous;
                    longestEnd = t;
                }
                previous = t;
            }
            return new Gaps(longest / 1e9, (longestEnd - killAt) / 1e9, (end - previous) / 1e9);
        }
    }

    private static double meanGapBefore(List<Completion> completions, int partition, long from, long to) {
        long count = completions.stream()
                .filter(c -> c.succeeded() && c.partition() == partition && c.doneAt() >= from && c.doneAt() < to)
                .count();
        return count == 0 ? (to - from) / 1e9 : (to - from) / 1e9 / count;
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
