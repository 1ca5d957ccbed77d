package dev.kgraph.load;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@code inFlight} runs of graph {@code slow} in flight: as many virtual threads, each calling
 * {@code POST /threads/{new id}/runs/wait} with {@code if_not_exists: "create"} back to back until the window ends.
 * One request per run and no polling: the cheapest way for a client to get a run's result, so the server, not the
 * client, is what the figures describe. A platform thread takes the CPU samples at the window's edges and kills the
 * given process on time, so neither is late when the virtual threads' carriers are busy.
 *
 * <p>With at least as many runs in flight as partitions, each virtual thread is bound to one partition (thread
 * {@code i} to partition {@code i mod partitions}; its thread ids are drawn until one lands there). The load is then
 * spread evenly, and a partition that stalls (its worker died) holds only its own share of the runs in flight: with
 * random ids, every virtual thread would sooner or later wait on a stalled partition, and the healthy partitions
 * would look stalled too. With fewer runs in flight than partitions the ids are random, so that no worker is left
 * without load.
 */
final class ScalingRun {

    static final String GRAPH = SlowRuns.GRAPH;
    private static final int ANY_PARTITION = -1;

    private final ScalingOptions options;
    private final List<HttpClient> http;
    private final JsonMapper json = JsonMapper.builder().build();

    /** The calls are spread over the given clients, each with its own connection pool and selector thread. */
    ScalingRun(ScalingOptions options, List<HttpClient> http) {
        this.options = options;
        this.http = List.copyOf(http);
    }

    ScalingReport execute() throws Exception {
        probe();
        long start = System.nanoTime();
        long measureStart = start + options.warmup().toNanos();
        long end = measureStart + options.duration().toNanos();
        long killAt = measureStart + options.killAfter().toNanos();
        var timeline = new Timeline();
        List<List<Completion>> perClient = new ArrayList<>();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("scaling-bench-clock").factory());
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            clock.schedule(timeline::sampleAtStart, measureStart - System.nanoTime(), TimeUnit.NANOSECONDS);
            clock.schedule(timeline::sampleAtEnd, end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (options.killPid() != null) {
                clock.schedule(timeline::kill, killAt - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
            boolean bound = options.inFlight() >= options.partitions();
            for (int i = 0; i < options.inFlight(); i++) {
                var completions = new ArrayList<Completion>();
                perClient.add(completions);
                HttpClient client = http.get(i % http.size());
                int partition = bound ? i % options.partitions() : ANY_PARTITION;
                clients.submit(() -> {
                    runClient(client, partition, end, completions);
                    return null;
                });
            }
        } finally {
            clock.shutdownNow();
        }
        List<Completion> all = perClient.stream().flatMap(List::stream).toList();
        return report(all, start, measureStart, end, timeline);
    }

    /** One run before the clock starts: fails fast when the server is down, and keeps first-call costs out. */
    private void probe() throws InterruptedException {
        Completion probe = call(http.getFirst(), UUID.randomUUID().toString());
        if (!probe.succeeded()) {
            throw new IllegalStateException("probe run against " + options.baseUrl() + " failed: " + probe.error());
        }
    }

    private void runClient(HttpClient client, int partition, long end, List<Completion> completions)
            throws InterruptedException {
        while (System.nanoTime() < end) {
            Completion completion = call(client, newThreadId(partition));
            completions.add(completion);
            if (!completion.succeeded()) {
                Thread.sleep(Duration.ofMillis(20)); // don't spin against a failing server
            }
        }
    }

    /** A random thread id, on the given partition unless it is {@link #ANY_PARTITION}. */
    private String newThreadId(int partition) {
        while (true) {
            String threadId = UUID.randomUUID().toString();
            if (partition == ANY_PARTITION || ThreadPartitions.of(threadId, options.partitions()) == partition) {
                return threadId;
            }
        }
    }

    private Completion call(HttpClient client, String threadId) throws InterruptedException {
        int partition = ThreadPartitions.of(threadId, options.partitions());
        var request = SlowRuns.waitOnNewThread(options.baseUrl(), threadId, options.runMs(), options.requestTimeout());
        long sent = System.nanoTime();
        String error;
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            error = response.statusCode() != 200 ? "HTTP " + response.statusCode() + ": " + abbreviate(response.body())
                    : finished(response.body()) ? null : "unexpected body: " + abbreviate(response.body());
        } catch (HttpTimeoutException e) {
            error = "timeout";
        } catch (IOException e) {
            error = "I/O: " + e.getClass().getSimpleName();
        }
        return new Completion(sent, System.nanoTime(), partition, error);
    }

    /** Keeps error kinds few: ids replaced, whitespace collapsed, length capped. */
    static String abbreviate(String body) {
        return LoopbackHttp.abbreviate(body, 120);
    }

    /** The slow graph's final state is {@code {"ms": .., "done": true}}; a failed run answers {@code __error__}. */
    private boolean finished(String body) {
        try {
            return json.readTree(body).path("done").asBoolean(false);
        } catch (JacksonException e) {
            return false;
        }
    }

    private ScalingReport report(List<Completion> all, long start, long measureStart, long end, Timeline timeline) {
        List<Completion> window = all.stream().filter(c -> c.doneAt() >= measureStart && c.doneAt() < end).toList();
        long[] latencies = window.stream().filter(Completion::succeeded).mapToLong(Completion::latencyNanos).toArray();
        Map<String, Long> errors = new HashMap<>();
        var perPartition = new long[options.partitions()];
        for (Completion c : window) {
            if (c.succeeded()) {
                perPartition[c.partition()]++;
            } else {
                errors.merge(c.error(), 1L, Long::sum);
            }
        }
        double seconds = (end - measureStart) / 1e9;
        long[] perSecond = RecoveryReport.bucketsAfter(all, start, end);
        Map<String, Long> errorsBeforeWindow = new HashMap<>();
        all.stream().filter(c -> !c.succeeded() && c.doneAt() < measureStart)
                .forEach(c -> errorsBeforeWindow.merge(c.error(), 1L, Long::sum));
        var errorsPerSecond = new long[perSecond.length];
        all.stream().filter(c -> !c.succeeded()).mapToLong(c -> (c.doneAt() - start) / 1_000_000_000L)
                .filter(s -> s >= 0 && s < errorsPerSecond.length).forEach(s -> errorsPerSecond[(int) s]++);
        RecoveryReport recovery = options.killPid() == null ? null
                : RecoveryReport.of(all, measureStart, timeline.killedAt(), end, timeline.killed(),
                        options.partitions());
        return new ScalingReport("kgraph-scaling-bench", options.baseUrl().toString(), GRAPH, options.runMs(),
                options.inFlight(), options.warmup().toMillis() / 1000.0, seconds, latencies.length,
                LoadReport.perSecond(latencies.length, seconds), LatencySummary.ofNanos(latencies), errors,
                errors.values().stream().mapToLong(Long::longValue).sum(), perPartition, timeline.cores(),
                perSecond, errorsPerSecond, errorsBeforeWindow, recovery, Instant.now().toString());
    }

    /** What happens on the clock thread: CPU samples at the window's edges and the kill. */
    private final class Timeline {
        private volatile CpuSample atStart;
        private volatile CpuSample atEnd;
        private volatile long loadgenCpuAtStart;
        private volatile long loadgenCpuAtEnd;
        private volatile long killedAt;
        private volatile boolean killed;

        void sampleAtStart() {
            loadgenCpuAtStart = processCpuNanos();
            atStart = CpuSample.take(options.cpuPids());
        }

        void sampleAtEnd() {
            loadgenCpuAtEnd = processCpuNanos();
            atEnd = CpuSample.take(options.cpuPids());
        }

        void kill() {
            killedAt = System.nanoTime();
            killed = ProcessHandle.of(options.killPid()).map(ProcessHandle::destroyForcibly).orElse(false);
        }

        long killedAt() {
            return killedAt;
        }

        boolean killed() {
            return killed;
        }

        Map<String, Double> cores() {
            Map<String, Double> cores = new LinkedHashMap<>();
            if (atStart != null && atEnd != null) {
                double seconds = (atEnd.at() - atStart.at()) / 1e9;
                cores.put("loadgen", Math.round((loadgenCpuAtEnd - loadgenCpuAtStart) / 1e9 / seconds * 100) / 100.0);
                cores.putAll(atEnd.coresSince(atStart));
            }
            return cores;
        }
    }

    /** CPU time of this whole process: the load generator shares the machine with what it measures. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
