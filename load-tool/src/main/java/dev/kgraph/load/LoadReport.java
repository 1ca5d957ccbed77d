package dev.kgraph.load;

import java.util.Map;
import java.util.TreeMap;

/**
 * The result of one load run. The JSON form uses the same field names as the reference load script
 * ({@code runsPerSec}, {@code waitLatencyMs.p50}, {@code errorCount}) so both can be tabulated together.
 *
 * @param runsCompleted runs started after the warm-up that came back 200 with the expected echo
 * @param elapsedS seconds from the end of the warm-up until the last counted run came back
 * @param loadgenCores average cores this load generator used during warm-up and measurement
 */
public record LoadReport(
        String tool,
        String baseUrl,
        String mode,
        String graph,
        int clients,
        double durationS,
        double warmupS,
        double elapsedS,
        long runsCompleted,
        double runsPerSec,
        LatencySummary waitLatencyMs,
        Map<String, Long> errors,
        long errorCount,
        double loadgenCores,
        String at) {

    public LoadReport {
        errors = Map.copyOf(errors);
    }

    static double perSecond(long count, double seconds) {
        return seconds <= 0 ? 0 : Math.round(100.0 * count / seconds) / 100.0;
    }

    String toText() {
        var text = new StringBuilder();
        text.append("%s %s  mode=%s clients=%d duration=%.0fs warmup=%.0fs%n"
                .formatted(tool, baseUrl, mode, clients, durationS, warmupS));
        text.append("runs: %d in %.2f s = %.2f runs/s%n".formatted(runsCompleted, elapsedS, runsPerSec));
        text.append("latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f  mean %.1f%n".formatted(waitLatencyMs.p50(),
                waitLatencyMs.p95(), waitLatencyMs.p99(), waitLatencyMs.max(), waitLatencyMs.mean()));
        text.append("errors: %d   (load generator used %.2f cores)%n".formatted(errorCount, loadgenCores));
        new TreeMap<>(errors).forEach((kind, count) -> text.append("  %6d  %s%n".formatted(count, kind)));
        return text.toString();
    }
}
