package dev.kgraph.load;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code --mode stream} of the load tool: {@code POST /threads/{new id}/runs/stream}, each stream read to its end on
 * a virtual thread with {@link SseParser}, every event counted and the run's output checked ({@link StreamCheck}).
 * Two shapes ({@link StreamOptions}): clients streaming back to back for a duration (time to first event and to the
 * end of the stream, runs/s), or a burst of N streams opened at once (events/s, every stream complete and in order).
 * Reports the CPU time of the server process ({@code --cpu-pid}) and, during the window, the server's used heap
 * from its Prometheus endpoint. {@code scripts/bench-stream.sh} starts the servers and tabulates.
 *
 * <p>Exit codes: 0 measured, 2 bad arguments, 3 the server did not complete a probe stream.
 *
 * <pre>java -jar load-tool/target/load-tool.jar http://127.0.0.1:8123 --mode stream --clients 64 --duration 20
 * java -jar load-tool/target/load-tool.jar http://127.0.0.1:8123 --mode stream --streams 1000 --graph emitter \
 *     --stream-mode custom --cpu-pid server=PID</pre>
 */
public final class StreamBench {

    private final StreamOptions options;
    private final List<RunsApi> apis;
    private final ScheduledExecutorService timer;

    StreamBench(StreamOptions options, List<HttpClient> http, ScheduledExecutorService timer) {
        this.options = options;
        this.apis = http.stream().map(client -> new RunsApi(client, options.baseUrl(), options.graph(),
                options.requestTimeout())).toList();
        this.timer = timer;
    }

    public static void main(String[] args) throws Exception {
        StreamOptions options = CommandLineArgs.parseOrExit(args, StreamOptions::parse, StreamOptions.USAGE);
        List<HttpClient> clients = List.of();
        // a platform thread: the stream timeouts, CPU samples and heap readings must not wait for busy carriers
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("stream-bench-timer").factory());
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            clients = LoopbackHttp.clients(executor, options.burst() ? options.streams() : options.clients());
            StreamReport report = new StreamBench(options, clients, timer).execute();
            System.out.print(options.json()
                    ? JsonMapper.builder().build().writeValueAsString(report) + System.lineSeparator()
                    : report.toText());
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(3);
        } finally {
            timer.shutdownNow();
            clients.forEach(HttpClient::close);
        }
    }

    StreamReport execute() throws Exception {
        probe();
        return options.burst() ? burst() : loop();
    }

    /** One stream before the clock starts: fails fast when the server is down, and keeps first-call costs out. */
    private void probe() throws InterruptedException {
        StreamCall.Result probe = call(apis.getFirst(), "probe");
        if (!probe.succeeded()) {
            throw new IllegalStateException("probe stream against " + options.baseUrl() + " failed: " + probe.problem());
        }
    }

    private StreamCall.Result call(RunsApi api, String content) throws InterruptedException {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        if (options.graph().equals("emitter")) {
            input.put("count", options.count());
        } else {
            input.putArray("messages").addObject().put("role", "user").put("content", content);
        }
        var call = new StreamCall(api, timer, options.requestTimeout(), options.streamModes(), options.createThread());
        return call.run(UUID.randomUUID().toString(), input,
                StreamCheck.forRun(options.graph(), content, options.count()));
    }

    /** Clients stream back to back until the deadline; streams sent during the warm-up are not counted. */
    private StreamReport loop() throws Exception {
        long start = System.nanoTime();
        long measureStart = start + options.warmup().toNanos();
        long deadline = measureStart + options.duration().toNanos();
        var window = new Window();
        timer.schedule(window::open, measureStart - System.nanoTime(), TimeUnit.NANOSECONDS);
        List<List<StreamCall.Result>> perClient = new ArrayList<>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < options.clients(); i++) {
                var results = new ArrayList<StreamCall.Result>();
                perClient.add(results);
                RunsApi api = apis.get(i % apis.size());
                int client = i;
                clients.submit(() -> {
                    for (int n = 1; System.nanoTime() < deadline; n++) {
                        StreamCall.Result result = call(api, "hi c" + client + "-" + n);
                        if (result.sentAt() >= measureStart) {
                            results.add(result);
                        }
                        if (!result.succeeded()) {
                            Thread.sleep(5); // don't spin against a failing server
                        }
                    }
                    return null;
                });
            }
        }
        window.close();
        List<StreamCall.Result> all = perClient.stream().flatMap(List::stream).toList();
        return report("loop", all, (System.nanoTime() - measureStart) / 1e9, window);
    }

    /** N streams opened at once (a latch lets them go together), one run each; ends when the last stream ends. */
    private StreamReport burst() throws Exception {
        var gate = new CountDownLatch(1);
        var ready = new CountDownLatch(options.streams());
        var results = new StreamCall.Result[options.streams()];
        var window = new Window();
        try (var streams = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < options.streams(); i++) {
                RunsApi api = apis.get(i % apis.size());
                int index = i;
                streams.submit(() -> {
                    ready.countDown();
                    gate.await();
                    results[index] = call(api, "burst " + index);
                    return null;
                });
            }
            ready.await();
            window.open();
            gate.countDown();
        }
        window.close();
        double seconds = (System.nanoTime() - window.openedAt) / 1e9;
        return report("burst", List.of(results), seconds, window);
    }

    private StreamReport report(String shape, List<StreamCall.Result> results, double seconds, Window window) {
        List<StreamCall.Result> ok = results.stream().filter(StreamCall.Result::succeeded).toList();
        long[] first = ok.stream().mapToLong(r -> r.firstEventAt() - r.sentAt()).toArray();
        long[] end = ok.stream().mapToLong(r -> r.endAt() - r.sentAt()).toArray();
        Map<String, Long> errors = new HashMap<>();
        results.stream().filter(r -> !r.succeeded()).forEach(r -> errors.merge(r.problem(), 1L, Long::sum));
        long events = results.stream().mapToLong(StreamCall.Result::events).sum();
        List<Integer> perRun = ok.isEmpty() ? List.of()
                : List.of(ok.stream().mapToInt(StreamCall.Result::events).min().orElse(0),
                        ok.stream().mapToInt(StreamCall.Result::events).max().orElse(0));
        Map<String, Long> cpuMs = window.serverCpuMs();
        Double perRunCpu = cpuMs.isEmpty() || ok.isEmpty() ? null
                : Math.round(10.0 * cpuMs.values().iterator().next() / ok.size()) / 10.0;
        return new StreamReport("kgraph-stream-bench", options.baseUrl().toString(), shape, options.graph(),
                options.streamModes(), options.burst() ? 0 : options.clients(), options.streams(),
                options.burst() ? 0 : options.duration().toMillis() / 1000.0,
                options.burst() ? 0 : options.warmup().toMillis() / 1000.0, Math.round(seconds * 100) / 100.0,
                ok.size(), LoadReport.perSecond(ok.size(), seconds), events, LoadReport.perSecond(events, seconds),
                perRun, LatencySummary.ofNanos(first), LatencySummary.ofNanos(end), errors,
                errors.values().stream().mapToLong(Long::longValue).sum(), cpuMs, perRunCpu, window.heapBefore,
                window.heapPeak.get(), window.heapReadings.get(), window.loadgenCores(), Instant.now().toString());
    }

    /** The measured window: CPU samples at its edges, the server's heap read periodically in between. */
    private final class Window {
        private final HeapGauge heap = new HeapGauge(apis.getFirst().http(), options.baseUrl());
        private final AtomicLong heapPeak = new AtomicLong(-1);
        private final AtomicInteger heapReadings = new AtomicInteger();
        private volatile long heapBefore = -1;
        private volatile long openedAt;
        private volatile CpuSample atOpen;
        private volatile CpuSample atClose;
        private volatile long loadgenAtOpen;
        private volatile long loadgenAtClose;
        private volatile java.util.concurrent.ScheduledFuture<?> readings;

        void open() {
            if (!options.heapSample().isZero()) {
                heapBefore = readHeap();
            }
            loadgenAtOpen = processCpuNanos();
            atOpen = CpuSample.take(options.cpuPids());
            openedAt = System.nanoTime();
            if (!options.heapSample().isZero()) {
                long every = options.heapSample().toNanos();
                readings = timer.scheduleWithFixedDelay(() -> {
                    long used = readHeap();
                    heapPeak.accumulateAndGet(used, Math::max);
                    if (used >= 0) {
                        heapReadings.incrementAndGet();
                    }
                }, every, every, TimeUnit.NANOSECONDS);
            }
        }

        void close() {
            atClose = CpuSample.take(options.cpuPids());
            loadgenAtClose = processCpuNanos();
            if (readings != null) {
                readings.cancel(false);
            }
        }

        private long readHeap() {
            try {
                return heap.usedBytes();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        Map<String, Long> serverCpuMs() {
            return atOpen == null || atClose == null ? Map.of() : atClose.cpuMillisSince(atOpen);
        }

        double loadgenCores() {
            if (atOpen == null || atClose == null) {
                return 0;
            }
            double seconds = Math.max(1e-9, (atClose.at() - atOpen.at()) / 1e9);
            return Math.round((loadgenAtClose - loadgenAtOpen) / 1e9 / seconds * 100) / 100.0;
        }
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
