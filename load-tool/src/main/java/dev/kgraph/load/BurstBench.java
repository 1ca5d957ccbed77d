package dev.kgraph.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A burst: {@code --runs} calls of {@code POST /threads/{new id}/runs/wait} (graph {@code slow}, {@code if_not_exists:
 * "create"}) released at the same moment, each on a virtual thread, and the tool waits for all of them. It reports
 * how many succeeded, when the last answer came against the ideal for the server's slots, the wait percentiles, the
 * server's used heap and resident memory during the burst, and afterwards whether the runs started in arrival order
 * while the burst was still arriving ({@link BurstOrder}). A platform thread reads the heap and memory, so that the
 * readings are not late when the virtual threads' carriers are busy.
 *
 * <pre>java -jar load-tool/target/load-tool.jar http://127.0.0.1:8123 --mode burst --runs 10000 --ms 1000 \
 *     --slots 1000 --server-pid PID</pre>
 */
final class BurstBench {

    static final String GRAPH = SlowRuns.GRAPH;
    /** Concurrent history reads after the burst: enough to be quick, few enough to stay out of the figures. */
    private static final int HISTORY_READERS = 16;

    private final BurstOptions options;
    private final List<HttpClient> http;
    /** Its own client for the heap readings: they must not queue behind the burst's connections. */
    private final HttpClient probeHttp;
    private final JsonMapper json = JsonMapper.builder().build();

    BurstBench(BurstOptions options, List<HttpClient> http, HttpClient probeHttp) {
        this.options = options;
        this.http = List.copyOf(http);
        this.probeHttp = probeHttp;
    }

    public static void main(String[] args) throws Exception {
        BurstOptions options = CommandLineArgs.parseOrExit(args, BurstOptions::parse, BurstOptions.USAGE);
        List<HttpClient> clients = List.of();
        HttpClient probe = null;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            // a burst's connections wait in the server's accept backlog: only the request timeout gives up on them
            clients = LoopbackHttp.clients(executor, options.runs(), options.requestTimeout());
            probe = LoopbackHttp.client(executor);
            BurstReport report = new BurstBench(options, clients, probe).execute();
            System.out.print(options.json()
                    ? JsonMapper.builder().build().writeValueAsString(report) + System.lineSeparator()
                    : report.toText());
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(3);
        } finally {
            clients.forEach(HttpClient::close);
            if (probe != null) {
                probe.close();
            }
        }
    }

    /** One call of the burst. {@code runId} is from the answer's {@code Content-Location}, null if there was none. */
    record Call(String threadId, String runId, long sentAt, long doneAt, String error) {
        boolean succeeded() {
            return error == null;
        }
    }

    BurstReport execute() throws Exception {
        Call probe = call(http.getFirst(), UUID.randomUUID().toString());
        if (!probe.succeeded()) {
            throw new IllegalStateException("probe run against " + options.baseUrl() + " failed: " + probe.error());
        }
        var heap = new HeapGauge(probeHttp, options.baseUrl());
        var gate = new CountDownLatch(1);
        var ready = new CountDownLatch(options.runs());
        var calls = new Call[options.runs()];
        double loadAverage = loadAverage();
        var memory = new Readings(heap);
        long released;
        long releasedWallMs;
        CpuSample cpuBefore = null;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < options.runs(); i++) {
                HttpClient client = http.get(i % http.size());
                int index = i;
                threads.submit(() -> {
                    ready.countDown();
                    gate.await();
                    calls[index] = call(client, UUID.randomUUID().toString());
                    return null;
                });
            }
            ready.await();
            memory.start();
            if (options.serverPid() != null) {
                cpuBefore = CpuSample.take(Map.of("server", options.serverPid()));
            }
            released = System.nanoTime();
            releasedWallMs = System.currentTimeMillis();
            gate.countDown();
        }
        long lastAnswer = java.util.Arrays.stream(calls).mapToLong(Call::doneAt).max().orElse(released);
        long serverCpuMs = cpuBefore == null ? -1
                : CpuSample.take(Map.of("server", options.serverPid())).cpuMillisSince(cpuBefore)
                        .getOrDefault("server", -1L);
        memory.stop();
        List<Call> ok = java.util.Arrays.stream(calls).filter(Call::succeeded).toList();
        Map<String, Long> errors = new HashMap<>();
        java.util.Arrays.stream(calls).filter(c -> !c.succeeded()).forEach(c -> errors.merge(c.error(), 1L, Long::sum));
        long[] waits = ok.stream().mapToLong(c -> c.doneAt() - c.sentAt()).toArray();
        var samples = new ArrayList<BurstOrder.Sample>();
        BurstOrder order = order(ok, samples);
        var timeline = BurstTimeline.of(ok.stream().mapToLong(c -> BurstOrder.uuid7Millis(c.runId())).toArray(),
                samples.stream().mapToLong(sample -> sample.startNanos() / 1_000_000).toArray(),
                ok.stream().mapToLong(c -> releasedWallMs + (c.doneAt() - released) / 1_000_000).toArray(),
                releasedWallMs);
        return new BurstReport("kgraph-burst-bench", options.baseUrl().toString(), options.runs(), options.runMs(),
                options.slots(), ok.size(), Math.round((lastAnswer - released) / 1e7) / 100.0, options.idealSeconds(),
                LatencySummary.ofNanos(waits), errors, order, timeline, memory.source(), memory.heapBefore,
                memory.heapPeak(), memory.heapReadings(), memory.rssBefore, memory.rssPeak.get(),
                ProcessMemory.read(options.serverPid(), "VmHWM"), serverCpuMs, loadAverage, Instant.now().toString());
    }

    private Call call(HttpClient client, String threadId) throws InterruptedException {
        var request = SlowRuns.waitOnNewThread(options.baseUrl(), threadId, options.runMs(), options.requestTimeout());
        long sent = System.nanoTime();
        String error;
        String runId = null;
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            runId = response.headers().firstValue("Content-Location")
                    .map(location -> location.substring(location.lastIndexOf('/') + 1)).orElse(null);
            error = response.statusCode() != 200 ? "HTTP " + response.statusCode() + ": "
                    + LoopbackHttp.abbreviate(response.body(), 120)
                    : !finished(response.body()) ? "unexpected body: " + LoopbackHttp.abbreviate(response.body(), 120)
                    : runId == null ? "no Content-Location" : null;
        } catch (HttpTimeoutException e) {
            error = "timeout";
        } catch (IOException e) {
            // the message tells a refused or reset connection from one the server closed before answering
            error = "I/O: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return new Call(threadId, runId, sent, System.nanoTime(), error);
    }

    /** The slow graph's final state is {@code {"ms": .., "done": true}}; a failed run answers {@code __error__}. */
    private boolean finished(String body) {
        try {
            return json.readTree(body).path("done").asBoolean(false);
        } catch (JacksonException e) {
            return false;
        }
    }

    /** Reads the start of an even sample of the runs (in arrival order) from their threads' histories. */
    private BurstOrder order(List<Call> ok, List<BurstOrder.Sample> samples) throws InterruptedException {
        if (ok.isEmpty()) {
            return null;
        }
        List<Call> byArrival = ok.stream().sorted(Comparator.comparing(Call::runId)).toList(); // uuid7: arrival order
        long first = BurstOrder.uuid7Millis(byArrival.getFirst().runId());
        long last = BurstOrder.uuid7Millis(byArrival.getLast().runId());
        int wanted = Math.min(options.startSample(), byArrival.size());
        var permits = new Semaphore(HISTORY_READERS);
        try (var readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int k = 0; k < wanted; k++) {
                int rank = (int) ((long) k * byArrival.size() / wanted);
                Call call = byArrival.get(rank);
                readers.submit(() -> {
                    permits.acquire();
                    try {
                        long start = startNanos(call);
                        if (start > 0) {
                            synchronized (samples) {
                                samples.add(new BurstOrder.Sample(rank, BurstOrder.uuid7Millis(call.runId()), start));
                            }
                        }
                    } finally {
                        permits.release();
                    }
                    return null;
                });
            }
        }
        return BurstOrder.of(samples, byArrival.size(), first, last, options.slots());
    }

    /** Unix nanoseconds of the run's first checkpoint (its input, written as its execution starts); -1 if unknown. */
    private long startNanos(Call call) throws InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(options.baseUrl() + "/threads/" + call.threadId()
                        + "/history?limit=10")).timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = probeHttp.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return -1;
            }
            long earliest = Long.MAX_VALUE;
            for (JsonNode checkpoint : json.readTree(response.body())) {
                if (call.runId().equals(checkpoint.path("metadata").path("run_id").asString(null))) {
                    Instant at = Instant.parse(checkpoint.path("created_at").asString());
                    earliest = Math.min(earliest, at.getEpochSecond() * 1_000_000_000L + at.getNano());
                }
            }
            return earliest == Long.MAX_VALUE ? -1 : earliest;
        } catch (IOException | JacksonException | java.time.format.DateTimeParseException e) {
            return -1;
        }
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }

    /**
     * The server's used heap and resident memory during the burst, every {@code heapSample}: the heap from jstat when
     * the server's pid is known (free for the server), else from its Prometheus page (a scrape costs it CPU); the
     * resident memory from {@code /proc} on a platform thread.
     */
    private final class Readings {
        private final HeapGauge heap;
        private final AtomicLong prometheusPeak = new AtomicLong(-1);
        private final AtomicLong rssPeak = new AtomicLong(-1);
        private final AtomicInteger prometheusReadings = new AtomicInteger();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("burst-bench-readings").factory());
        private JstatHeap jstat;
        private volatile long heapBefore = -1;
        private volatile long rssBefore = -1;
        private volatile ScheduledFuture<?> task;

        Readings(HeapGauge heap) {
            this.heap = heap;
        }

        void start() throws InterruptedException {
            rssBefore = ProcessMemory.read(options.serverPid(), "VmRSS");
            if (options.heapSample().isZero()) {
                return;
            }
            long period = options.heapSample().toMillis();
            if (options.serverPid() != null) {
                try {
                    jstat = JstatHeap.start(options.serverPid(), period);
                } catch (IOException e) {
                    jstat = null;
                }
            }
            if (jstat != null) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (jstat.readings() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(period); // jstat's first line: the heap before the burst
                }
                heapBefore = jstat.lastBytes();
                jstat.resetPeak();
            } else {
                heapBefore = heap.usedBytes();
            }
            task = timer.scheduleWithFixedDelay(this::read, period, period, TimeUnit.MILLISECONDS);
        }

        private void read() {
            rssPeak.accumulateAndGet(ProcessMemory.read(options.serverPid(), "VmRSS"), Math::max);
            if (jstat != null) {
                return;
            }
            try {
                long used = heap.usedBytes();
                if (used >= 0) {
                    prometheusReadings.incrementAndGet();
                    prometheusPeak.accumulateAndGet(used, Math::max);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String source() {
            return jstat != null ? "jstat" : options.heapSample().isZero() ? "none" : "prometheus";
        }

        long heapPeak() {
            return jstat != null ? jstat.peakBytes() : prometheusPeak.get();
        }

        int heapReadings() {
            return jstat != null ? jstat.readings() : prometheusReadings.get();
        }

        void stop() throws InterruptedException {
            if (task != null) {
                task.cancel(false);
            }
            timer.shutdownNow();
            if (jstat != null) {
                jstat.close();
            }
        }
    }

    /** A field of Linux's {@code /proc/PID/status} in bytes (VmRSS: resident now; VmHWM: the peak since start). */
    static final class ProcessMemory {
        private ProcessMemory() {
        }

        static long read(Long pid, String field) {
            if (pid == null) {
                return -1;
            }
            try {
                for (String line : Files.readAllLines(Path.of("/proc", pid.toString(), "status"))) {
                    if (line.startsWith(field + ":")) {
                        return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]) * 1024;
                    }
                }
            } catch (IOException | RuntimeException unreadable) {
                return -1;
            }
            return -1;
        }
    }
}
