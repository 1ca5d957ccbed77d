package dev.kgraph.load;

import java.util.Arrays;
import java.util.List;

/**
 * A burst second by second, counted from the release of the calls: runs that arrived at the gateway (their ids),
 * started (the sampled starts, scaled to all runs) and were answered. Shows whether runs started and ended while
 * the burst was still arriving, or only once it was all in.
 */
public record BurstTimeline(List<Long> arrived, List<Long> started, List<Long> answered) {

    public BurstTimeline {
        arrived = List.copyOf(arrived);
        started = List.copyOf(started);
        answered = List.copyOf(answered);
    }

    /** All times in Unix milliseconds; {@code startedMs} is a sample of {@code arrivedMs.length} runs. */
    static BurstTimeline of(long[] arrivedMs, long[] startedMs, long[] answeredMs, long releasedMs) {
        long end = Math.max(max(arrivedMs), Math.max(max(startedMs), max(answeredMs)));
        int seconds = (int) Math.max(1, (end - releasedMs) / 1000 + 1);
        double scale = startedMs.length == 0 ? 0 : (double) arrivedMs.length / startedMs.length;
        return new BurstTimeline(bins(arrivedMs, releasedMs, seconds, 1), bins(startedMs, releasedMs, seconds, scale),
                bins(answeredMs, releasedMs, seconds, 1));
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(Long.MIN_VALUE);
    }

    private static List<Long> bins(long[] times, long from, int seconds, double scale) {
        double[] counts = new double[seconds];
        for (long t : times) {
            int s = (int) Math.min(seconds - 1, Math.max(0, (t - from) / 1000));
            counts[s] += scale;
        }
        return Arrays.stream(counts).mapToObj(Math::round).toList();
    }

    String toText() {
        return "per second since release:%n  arrived  %s%n  started  %s%n  answered %s%n".formatted(arrived, started,
                answered);
    }
}
