package dev.kgraph.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scheduling precision of {@code after_seconds}: schedules N runs (default 1,000) of graph {@code echo}, each on its own
 * thread, uniformly 1 to 60 s ahead, waits until all are due, then reads each thread's history: the run's first
 * checkpoint is written when it starts, so {@code first checkpoint created_at - run created_at} is the start delay
 * after the due time. Prints its percentiles. Loopback only; bounded by the longest delay plus one minute.
 *
 * <pre>java -cp load-tool/target/load-tool.jar dev.kgraph.load.ScheduleBench [BASE_URL] [--runs 1000] [--max-delay 60]</pre>
 */
public final class ScheduleBench {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ScheduleBench() {
    }

    public static void main(String[] args) throws Exception {
        var base = URI.create(args.length > 0 && args[0].startsWith("http") ? args[0] : "http://127.0.0.1:8123");
        if (!List.of("127.0.0.1", "localhost", "[::1]").contains(base.getHost())) {
            throw new IllegalArgumentException("loopback base URLs only, got " + base);
        }
        int runs = intArg(args, "--runs", 1000);
        int maxDelay = intArg(args, "--max-delay", 60);
        try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            var scheduled = schedule(http, base, runs, maxDelay);
            var lastDue = scheduled.stream().map(Scheduled::due).max(Instant::compareTo).orElseThrow();
            while (Instant.now().isBefore(lastDue.plusSeconds(3))) {
                Thread.sleep(250); // a benchmark waiting for wall-clock due times, not a test
            }
            var delays = new ArrayList<Long>();
            int notStarted = 0;
            for (var run : scheduled) {
                var started = firstCheckpointAt(http, base, run.threadId());
                if (started == null) {
                    notStarted++;
                } else {
                    delays.add(Duration.between(run.due(), started).toNanos());
                }
            }
            var summary = LatencySummary.ofNanos(delays.stream().mapToLong(Long::longValue).toArray());
            long early = delays.stream().filter(d -> d < 0).count();
            System.out.printf("scheduled %d runs 1-%d s ahead; started %d, not started %d, started early %d%n",
                    runs, maxDelay, delays.size(), notStarted, early);
            System.out.printf("start delay after due time, ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f  mean %.1f%n",
                    summary.p50(), summary.p95(), summary.p99(), summary.max(), summary.mean());
        }
    }

    private static List<Scheduled> schedule(HttpClient http, URI base, int runs, int maxDelay) throws Exception {
        var scheduled = new ConcurrentLinkedQueue<Scheduled>();
        var inFlight = new Semaphore(32);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < runs; i++) {
                inFlight.acquire();
                pool.execute(() -> {
                    try {
                        double after = 1 + ThreadLocalRandom.current().nextDouble() * (maxDelay - 1);
                        var threadId = UUID.randomUUID().toString();
                        var body = JSON.createObjectNode().put("assistant_id", "echo").put("if_not_exists", "create")
                                .put("after_seconds", after);
                        body.putObject("input").putArray("messages").addObject().put("role", "user")
                                .put("content", "hi");
                        var created = post(http, base, "/threads/" + threadId + "/runs", body.toString());
                        scheduled.add(new Scheduled(threadId, Instant.parse(created.get("created_at").asString())));
                    } catch (Exception e) {
                        System.err.println("scheduling failed: " + e.getMessage());
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        return new ArrayList<>(scheduled);
    }

    private static Instant firstCheckpointAt(HttpClient http, URI base, String threadId) throws Exception {
        var history = post(http, base, "/threads/" + threadId + "/history", "{\"limit\":50}");
        if (history.isEmpty()) {
            return null;
        }
        return Instant.parse(history.get(history.size() - 1).get("created_at").asString());
    }

    private static JsonNode post(HttpClient http, URI base, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " gave HTTP " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    private record Scheduled(String threadId, Instant due) {
    }
}
