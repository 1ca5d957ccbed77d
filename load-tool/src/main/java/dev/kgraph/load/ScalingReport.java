package dev.kgraph.load;

import java.util.Map;
import java.util.TreeMap;

/**
 * The result of one {@link ScalingBench} measurement. Everything but the time series covers the measured window:
 * runs whose answer came back within it, wherever they started.
 *
 * @param runsCompleted    successful runs that came back within the window
 * @param latencyMs        their {@code runs/wait} latency: queueing behind busy workers included
 * @param runsPerPartition successful runs of the window by partition of their thread, to see the spread
 * @param cpuCores         cores each watched process used over the window, this tool as {@code loadgen}, the
 *                         whole machine as {@code machine}
 * @param runsPerSecond    successful runs per second from the start of the warm-up, for plots
 * @param errorsPerSecond  failed calls per second, same buckets
 * @param errorsBeforeWindow failed calls of the warm-up by kind: a gateway that answers 503 after its request timeout
 *                         during the warm-up leaves runs behind that the workers still execute in the window
 * @param recovery         after a worker kill, how the system came back; null without {@code --kill-pid}
 */
public record ScalingReport(
        String tool,
        String baseUrl,
        String graph,
        long runMs,
        int inFlight,
        double warmupS,
        double durationS,
        long runsCompleted,
        double runsPerSec,
        LatencySummary latencyMs,
        Map<String, Long> errors,
        long errorCount,
        long[] runsPerPartition,
        Map<String, Double> cpuCores,
        long[] runsPerSecond,
        long[] errorsPerSecond,
        Map<String, Long> errorsBeforeWindow,
        RecoveryReport recovery,
        String at) {

    String toText() {
        var text = new StringBuilder();
        text.append("%s %s  graph=%s ms=%d in-flight=%d warmup=%.0fs duration=%.0fs%n"
                .formatted(tool, baseUrl, graph, runMs, inFlight, warmupS, durationS));
        text.append("runs: %d = %.2f runs/s%n".formatted(runsCompleted, runsPerSec));
        text.append("latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f  mean %.1f%n".formatted(latencyMs.p50(),
                latencyMs.p95(), latencyMs.p99(), latencyMs.max(), latencyMs.mean()));
        text.append("errors: %d%n".formatted(errorCount));
        new TreeMap<>(errors).forEach((kind, count) -> text.append("  %6d  %s%n".formatted(count, kind)));
        if (!errorsBeforeWindow.isEmpty()) {
            text.append("errors during the warm-up:%n".formatted());
            new TreeMap<>(errorsBeforeWindow).forEach((kind, count) -> text.append("  %6d  %s%n".formatted(count, kind)));
        }
        text.append("runs per partition: %s%n".formatted(java.util.Arrays.toString(runsPerPartition)));
        text.append("cores used: %s%n".formatted(cpuCores));
        if (recovery != null) {
            text.append(("kill at %.1fs (%s): %.1f runs/s before, %.1f at the end; back to the level before after %s s,"
                    + " settled after %s s; stalled partitions %s, all resumed after %s s; errors after the kill %s%n")
                    .formatted(recovery.killedAtS(), recovery.killed() ? "killed" : "no such process",
                            recovery.baselineRunsPerSec(), recovery.finalRunsPerSec(),
                            recovery.backToBaselineAfterS(), recovery.settledAfterS(),
                            recovery.stalledPartitions(), recovery.partitionsResumedAfterS(),
                            recovery.errorsAfterKill()));
        }
        return text.toString();
    }
}
