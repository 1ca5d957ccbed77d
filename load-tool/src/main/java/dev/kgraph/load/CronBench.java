package dev.kgraph.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cron tick lateness: creates N crons (default 1,000) firing every minute, each on a thread of its own with graph
 * {@code echo}, lets them tick for T minutes (default 2), then reads each thread's runs and history. A cron run's id
 * carries its tick (its first 48 bits are the tick's epoch milliseconds, {@code CronIds}), so per run: <em>tick
 * lateness</em> = the run's {@code created_at} (when the cron's writer fired the tick) minus the tick, and <em>start
 * lateness</em> = its first checkpoint's {@code created_at} minus the tick. Also counts ticks that made no run or two.
 * Deletes its crons at the end. Loopback only.
 *
 * <pre>java -cp load-tool/target/load-tool.jar dev.kgraph.load.CronBench [BASE_URL] [--crons 1000] [--minutes 2]</pre>
 */
public final class CronBench {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CronBench() {
    }

    public static void main(String[] args) throws Exception {
        var base = URI.create(args.length > 0 && args[0].startsWith("http") ? args[0] : "http://127.0.0.1:8123");
        if (!List.of("127.0.0.1", "localhost", "[::1]").contains(base.getHost())) {
            throw new IllegalArgumentException("loopback base URLs only, got " + base);
        }
        int crons = intArg(args, "--crons", 1000);
        int minutes = intArg(args, "--minutes", 2);
        try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            long createStart = System.nanoTime();
            var created = create(http, base, crons);
            var createdIn = Duration.ofNanos(System.nanoTime() - createStart);
            var createdAt = Instant.now();
            // the first tick every cron has for sure is the minute after the last creation
            var firstTick = createdAt.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
            var lastTick = firstTick.plus(minutes - 1L, ChronoUnit.MINUTES);
            System.out.printf("created %d crons ('* * * * *', echo, one thread each) in %.1f s; measuring ticks %s"
                    + " to %s%n", created.size(), createdIn.toMillis() / 1000.0, firstTick, lastTick);
            while (Instant.now().isBefore(lastTick.plusSeconds(10))) {
                Thread.sleep(500); // a benchmark waiting for wall-clock ticks, not a test
            }
            var tickLateness = new ArrayList<Long>();
            var startLateness = new ArrayList<Long>();
            int missing = 0;
            int duplicated = 0;
            for (var cron : created) {
                var perTick = new HashMap<Instant, Integer>();
                var runs = get(http, base, "/threads/" + cron.threadId() + "/runs?limit=100");
                var starts = firstCheckpointByRun(http, base, cron.threadId());
                for (var run : runs) {
                    var tick = tickOf(run.get("run_id").asString());
                    if (tick.isBefore(firstTick) || tick.isAfter(lastTick)) {
                        continue;
                    }
                    perTick.merge(tick, 1, Integer::sum);
                    var runCreated = Instant.parse(run.get("created_at").asString());
                    tickLateness.add(Duration.between(tick, runCreated).toNanos());
                    var started = starts.get(run.get("run_id").asString());
                    if (started != null) {
                        startLateness.add(Duration.between(tick, started).toNanos());
                    }
                }
                for (var tick = firstTick; !tick.isAfter(lastTick); tick = tick.plus(1, ChronoUnit.MINUTES)) {
                    int count = perTick.getOrDefault(tick, 0);
                    missing += count == 0 ? 1 : 0;
                    duplicated += Math.max(0, count - 1);
                }
                delete(http, base, "/runs/crons/" + cron.cronId());
            }
            System.out.printf("ticks expected %d, with a run %d, without %d, with more than one run %d%n",
                    crons * minutes, tickLateness.size(), missing, duplicated);
            print("tick lateness (run created_at - tick)", LatencySummary.ofNanos(toArray(tickLateness)));
            print("start lateness (first checkpoint - tick)", LatencySummary.ofNanos(toArray(startLateness)));
        }
    }

    private record Created(String cronId, String threadId) {
    }

    private static List<Created> create(HttpClient http, URI base, int crons) throws Exception {
        var created = new ConcurrentLinkedQueue<Created>();
        var inFlight = new Semaphore(32);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < crons; i++) {
                inFlight.acquire();
                pool.execute(() -> {
                    try {
                        var thread = post(http, base, "/threads", "{}");
                        var threadId = thread.get("thread_id").asString();
                        var body = JSON.createObjectNode().put("assistant_id", "echo").put("schedule", "* * * * *");
                        body.putObject("input").putArray("messages").addObject().put("role", "user")
                                .put("content", "tick");
                        var cron = post(http, base, "/threads/" + threadId + "/runs/crons", body.toString());
                        created.add(new Created(cron.get("cron_id").asString(), threadId));
                    } catch (Exception e) {
                        System.err.println("creating a cron failed: " + e.getMessage());
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        return new ArrayList<>(created);
    }

    /** The tick a cron run is for: the first 48 bits of its id are the tick's epoch milliseconds. */
    static Instant tickOf(String runId) {
        return Instant.ofEpochMilli(Long.parseLong(runId.replace("-", "").substring(0, 12), 16));
    }

    private static java.util.Map<String, Instant> firstCheckpointByRun(HttpClient http, URI base, String threadId)
            throws Exception {
        var first = new HashMap<String, Instant>();
        for (var checkpoint : post(http, base, "/threads/" + threadId + "/history", "{\"limit\":1000}")) {
            var runId = checkpoint.path("metadata").path("run_id").asString(null);
            if (runId != null) {
                first.merge(runId, Instant.parse(checkpoint.get("created_at").asString()),
                        (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        return first;
    }

    private static void print(String what, LatencySummary summary) {
        System.out.printf("%s, ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f  mean %.1f  (%d runs)%n", what,
                summary.p50(), summary.p95(), summary.p99(), summary.max(), summary.mean(), summary.samples());
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static JsonNode post(HttpClient http, URI base, String path, String body) throws Exception {
        return send(http, HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), path);
    }

    private static JsonNode get(HttpClient http, URI base, String path) throws Exception {
        return send(http, HttpRequest.newBuilder(base.resolve(path)).GET(), path);
    }

    private static void delete(HttpClient http, URI base, String path) throws Exception {
        http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static JsonNode send(HttpClient http, HttpRequest.Builder request, String path) throws Exception {
        var response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
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
}
