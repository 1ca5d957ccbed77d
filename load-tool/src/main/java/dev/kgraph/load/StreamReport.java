package dev.kgraph.load;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of one {@link StreamBench} measurement. Latencies are counted from the request being sent: to the
 * first complete event ({@code firstEventMs}) and to the end of the stream's body ({@code streamEndMs}), over the
 * streams that were complete and right.
 *
 * @param shape          {@code loop} (clients streaming back to back for the duration) or {@code burst}
 * @param runsCompleted  streams, started in the measured window, that ended cleanly and passed their check
 * @param eventsReceived SSE events received by those streams and the failed ones (metadata included)
 * @param eventsPerSec   {@code eventsReceived} over the measured seconds
 * @param eventsPerRun   fewest and most events of a completed stream
 * @param serverCpuMs    CPU milliseconds each {@code --cpu-pid} process used over the measured window
 * @param cpuMsPerRun    the first {@code --cpu-pid} process's CPU milliseconds per completed run
 * @param heapBeforeBytes used heap of the server just before the window, -1 if unknown
 * @param heapPeakBytes  the highest used heap read during the window, -1 if unknown
 * @param loadgenCores   average cores this load generator used over the window
 */
public record StreamReport(
        String tool,
        String baseUrl,
        String shape,
        String graph,
        List<String> streamModes,
        int clients,
        int streams,
        double durationS,
        double warmupS,
        double elapsedS,
        long runsCompleted,
        double runsPerSec,
        long eventsReceived,
        double eventsPerSec,
        List<Integer> eventsPerRun,
        LatencySummary firstEventMs,
        LatencySummary streamEndMs,
        Map<String, Long> errors,
        long errorCount,
        Map<String, Long> serverCpuMs,
        Double cpuMsPerRun,
        long heapBeforeBytes,
        long heapPeakBytes,
        int heapSamples,
        double loadgenCores,
        String at) {

    public StreamReport {
        errors = Map.copyOf(errors);
        streamModes = List.copyOf(streamModes);
        eventsPerRun = List.copyOf(eventsPerRun);
        serverCpuMs = Map.copyOf(serverCpuMs);
    }

    String toText() {
        var text = new StringBuilder();
        text.append("%s %s  %s graph=%s stream_mode=%s %s%n".formatted(tool, baseUrl, shape, graph,
                streamModes.isEmpty() ? "(default)" : String.join(",", streamModes),
                shape.equals("burst") ? "streams=" + streams
                        : "clients=%d duration=%.0fs warmup=%.0fs".formatted(clients, durationS, warmupS)));
        text.append("streams: %d complete in %.2f s = %.2f runs/s; events %d = %.0f events/s; events per stream %s%n"
                .formatted(runsCompleted, elapsedS, runsPerSec, eventsReceived, eventsPerSec, eventsPerRun));
        text.append(line("first event", firstEventMs)).append(line("stream end ", streamEndMs));
        text.append("errors: %d   (load generator used %.2f cores)%n".formatted(errorCount, loadgenCores));
        new TreeMap<>(errors).forEach((kind, count) -> text.append("  %6d  %s%n".formatted(count, kind)));
        if (!serverCpuMs.isEmpty()) {
            text.append("server CPU ms %s, per run %s%n".formatted(new TreeMap<>(serverCpuMs), cpuMsPerRun));
        }
        if (heapPeakBytes >= 0) {
            text.append("server used heap: %.0f MiB before, peak %.0f MiB (%d readings)%n"
                    .formatted(heapBeforeBytes / 1048576.0, heapPeakBytes / 1048576.0, heapSamples));
        }
        return text.toString();
    }

    private static String line(String what, LatencySummary s) {
        return "%s ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f  mean %.1f%n".formatted(what, s.p50(), s.p95(), s.p99(),
                s.max(), s.mean());
    }
}
