package dev.kgraph.load;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives the clients: each is a virtual thread that calls {@code runs/wait} back to back until the deadline.
 *
 * <p>Runs started during the warm-up are made but not counted. After the deadline no run starts; runs in flight
 * finish or time out (at most the request timeout later), and those that finish are counted.
 */
final class LoadRun {

    /** The line the tool writes to standard error when the measured window begins (after the warm-up). */
    static final String MEASURING = "measuring";

    private final LoadOptions options;
    private final RunCalls api;
    private final Runnable measuring;

    LoadRun(LoadOptions options, RunCalls api) {
        this(options, api, () -> { });
    }

    /**
     * @param measuring called once when the measured window begins, so that a caller sampling the server's CPU can
     *     leave out the warm-up, in which this JVM also compiles its own code
     */
    LoadRun(LoadOptions options, RunCalls api, Runnable measuring) {
        this.options = options;
        this.api = api;
        this.measuring = measuring;
    }

    LoadReport execute() throws Exception {
        probe();
        List<String> threadIds = prepareThreads();
        long start = System.nanoTime();
        long measureStart = start + options.warmup().toNanos();
        long deadline = measureStart + options.duration().toNanos();
        var cpuAtMeasureStart = new CompletableFuture<Long>();
        List<ClientTally> tallies = new ArrayList<>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            clients.submit(() -> {
                for (long left; (left = measureStart - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(left);
                }
                cpuAtMeasureStart.complete(processCpuNanos());
                measuring.run();
                return null;
            });
            for (int i = 0; i < options.clients(); i++) {
                var tally = new ClientTally();
                tallies.add(tally);
                int client = i;
                clients.submit(() -> {
                    runClient(client, threadIds.get(client), measureStart, deadline, tally);
                    return null;
                });
            }
        }
        long end = System.nanoTime();
        double elapsedS = Math.max(0, end - measureStart) / 1e9;
        // over the measured window only, as the server's CPU is measured
        double loadgenCores = (processCpuNanos() - cpuAtMeasureStart.join()) / (double) Math.max(1, end - measureStart);
        return report(tallies, elapsedS, Math.round(loadgenCores * 100) / 100.0);
    }

    /** One run before the clock starts: fails fast when the server is down, and keeps first-call costs out. */
    private void probe() throws Exception {
        String threadId = UUID.randomUUID().toString();
        Outcome outcome = api.waitForRun(threadId, "hi", Mode.NEW_THREAD);
        if (outcome instanceof Outcome.Failed failed) {
            throw new IllegalStateException("probe run against " + options.baseUrl() + " failed: " + failed.kind());
        }
    }

    /** The thread each client runs on; fresh ids in new-thread mode are made per run instead. */
    private List<String> prepareThreads() throws Exception {
        String[] ids = new String[options.clients()];
        switch (options.mode()) {
            case NEW_THREAD -> Arrays.fill(ids, "");
            case SAME_THREAD -> {
                String shared = UUID.randomUUID().toString();
                api.createThread(shared);
                Arrays.fill(ids, shared);
            }
            case OWN_THREAD -> {
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = UUID.randomUUID().toString();
                    api.createThread(ids[i]);
                }
            }
        }
        return List.of(ids);
    }

    private void runClient(int client, String threadId, long measureStart, long deadline, ClientTally tally)
            throws InterruptedException {
        for (int n = 1; System.nanoTime() < deadline; n++) {
            String thread = options.mode() == Mode.NEW_THREAD ? UUID.randomUUID().toString() : threadId;
            String content = options.uniqueContent() ? "hi c" + client + "-" + n : "hi";
            long sent = System.nanoTime();
            Outcome outcome = api.waitForRun(thread, content, options.mode());
            long received = System.nanoTime();
            if (sent >= measureStart) {
                tally.record(outcome, received - sent);
            }
            if (outcome instanceof Outcome.Failed) {
                Thread.sleep(Duration.ofMillis(5)); // don't spin against a failing server
            }
        }
    }

    /** CPU time of this whole process: the load generator shares the machine with the server it measures. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private LoadReport report(List<ClientTally> tallies, double elapsedS, double loadgenCores) {
        long[] latencies = tallies.stream().flatMapToLong(t -> Arrays.stream(t.latencies, 0, t.count)).toArray();
        Map<String, Long> errors = new HashMap<>();
        tallies.forEach(t -> t.errors.forEach((kind, n) -> errors.merge(kind, n, Long::sum)));
        long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
        return new LoadReport("kgraph-load-tool", options.baseUrl().toString(), options.mode().cliName(),
                options.graph(), options.clients(), options.duration().toMillis() / 1000.0,
                options.warmup().toMillis() / 1000.0, Math.round(elapsedS * 100) / 100.0, latencies.length,
                LoadReport.perSecond(latencies.length, elapsedS), LatencySummary.ofNanos(latencies), errors, errorCount,
                loadgenCores, Instant.now().toString());
    }

    /** One client's counts; only its own virtual thread writes it, and it is read after that thread ended. */
    private static final class ClientTally {
        private long[] latencies = new long[1024];
        private int count;
        private final Map<String, Long> errors = new HashMap<>();

        void record(Outcome outcome, long nanos) {
            switch (outcome) {
                case Outcome.Echoed echoed -> {
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = nanos;
                }
                case Outcome.Failed failed -> errors.merge(failed.kind(), 1L, Long::sum);
            }
        }
    }
}
