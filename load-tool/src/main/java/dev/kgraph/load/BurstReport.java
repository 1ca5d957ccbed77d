package dev.kgraph.load;

import java.util.Map;
import java.util.TreeMap;

/**
 * The result of one {@link BurstBench} burst. Times are counted from the moment the calls were released.
 *
 * @param succeeded        calls answered 200 with the slow graph's final state
 * @param lastAnswerS      release to the last answer (successful or not)
 * @param idealS           {@code ceil(runs / slots) * ms}: every slot busy from the first moment
 * @param waitMs           the successful calls' {@code runs/wait} times
 * @param order            start order against arrival order (null when no start was read)
 * @param timeline         arrivals, starts and answers per second
 * @param heapSource       where the heap readings came from: {@code jstat}, {@code prometheus} or {@code none}
 * @param heapBeforeBytes  the server's used heap just before the release, -1 if unknown
 * @param heapPeakBytes    the highest used heap read during the burst, -1 if unknown
 * @param rssBeforeBytes   the server's resident memory just before the release, -1 without {@code --server-pid}
 * @param rssPeakBytes     the highest resident memory read during the burst ({@code VmRSS}), -1 if unknown
 * @param rssHighWaterBytes the process's peak resident memory since it started ({@code VmHWM}) after the burst
 * @param serverCpuMs      CPU milliseconds the server used from release to the last answer, -1 if unknown
 * @param loadAverage      the machine's one-minute load average just before the release
 */
public record BurstReport(
        String tool,
        String baseUrl,
        int runs,
        long runMs,
        int slots,
        long succeeded,
        double lastAnswerS,
        double idealS,
        LatencySummary waitMs,
        Map<String, Long> errors,
        BurstOrder order,
        BurstTimeline timeline,
        String heapSource,
        long heapBeforeBytes,
        long heapPeakBytes,
        int heapSamples,
        long rssBeforeBytes,
        long rssPeakBytes,
        long rssHighWaterBytes,
        long serverCpuMs,
        double loadAverage,
        String at) {

    public BurstReport {
        errors = Map.copyOf(errors);
    }

    String toText() {
        var text = new StringBuilder();
        text.append("%s %s  burst of %d runs/wait, graph slow %d ms, %d slots (load average %.2f)%n"
                .formatted(tool, baseUrl, runs, runMs, slots, loadAverage));
        text.append("succeeded %d/%d; last answer after %.2f s, ideal %.2f s (%.2fx)%n".formatted(succeeded, runs,
                lastAnswerS, idealS, lastAnswerS / idealS));
        text.append("runs/wait ms: p50 %.0f  p95 %.0f  p99 %.0f  max %.0f%n".formatted(waitMs.p50(), waitMs.p95(),
                waitMs.p99(), waitMs.max()));
        if (!errors.isEmpty()) {
            text.append("errors:%n".formatted());
            new TreeMap<>(errors).forEach((kind, count) -> text.append("  %6d  %s%n".formatted(count, kind)));
        }
        if (order != null && order.sampled() > 0) {
            text.append(("start order (%d sampled): arrivals spread over %d ms; first start %d ms after the first"
                    + " arrival; %.1f %% started before the last arrival%n").formatted(order.sampled(),
                    order.arrivalSpanMs(), order.firstStartMs(), 100 * order.startedWhileArriving()));
            text.append("  first wave's start delay ms: p50 %.0f  max %.0f; spearman(arrival, start) %.3f;"
                    .formatted(order.firstWaveStartDelayMs().p50(), order.firstWaveStartDelayMs().max(),
                            order.spearman()));
            text.append(" displacement in runs p50/p99/max %s%n".formatted(order.displacementRuns()));
        }
        if (timeline != null) {
            text.append(timeline.toText());
        }
        text.append("server heap used (%s): %s before, peak %s (%d readings); RSS %s before, peak %s, high-water %s%n"
                .formatted(heapSource, mib(heapBeforeBytes), mib(heapPeakBytes), heapSamples, mib(rssBeforeBytes),
                        mib(rssPeakBytes), mib(rssHighWaterBytes)));
        if (serverCpuMs >= 0) {
            text.append("server CPU %d ms (%.2f ms per successful run)%n".formatted(serverCpuMs,
                    succeeded == 0 ? 0.0 : (double) serverCpuMs / succeeded));
        }
        return text.toString();
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : "%.0f MiB".formatted(bytes / 1048576.0);
    }
}
