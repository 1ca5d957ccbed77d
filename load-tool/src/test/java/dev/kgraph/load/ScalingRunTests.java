package dev.kgraph.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs the benchmark against a small in-process fake of {@code runs/wait} on graph {@code slow}. */
class ScalingRunTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpServer server;
    private final Set<String> threadsSeen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private volatile int stalledPartition = -1;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void keepsTheGivenNumberOfRunsInFlightEachOnANewThread() throws Exception {
        startServer(answer -> true);

        ScalingReport report = run("--in-flight", "4", "--ms", "50", "--warmup", "0.5", "--duration", "1");

        assertThat(report.errorCount()).isZero();
        assertThat(mostInFlight.get()).isEqualTo(4);
        // 4 in flight, 50 ms each: at most 4 x (1000 / 50 + 1) answers end in the 1 s window whatever the load; a
        // loaded machine only makes it fewer, so no lower bound other than progress
        assertThat(report.runsPerSec()).isPositive().isLessThanOrEqualTo(84.0);
        assertThat(threadsSeen).hasSizeGreaterThan((int) report.runsCompleted());
        assertThat(Arrays.stream(report.runsPerPartition()).sum()).isEqualTo(report.runsCompleted());
        assertThat(report.latencyMs().p50()).isGreaterThanOrEqualTo(50.0);
        assertThat(report.runsPerSecond()).hasSize(1); // the whole seconds from the start of the warm-up
        assertThat(report.cpuCores()).containsKeys("loadgen", "machine");
        assertThat(report.recovery()).isNull();
    }

    @Test
    void aStalledPartitionHoldsOnlyItsOwnShareOfTheRunsInFlight() throws Exception {
        // setup: runs of partition 0 of 3 hang for 3 s, as when the worker owning it has died
        stalledPartition = 0;
        startServer(answer -> true);

        // when
        ScalingReport report = run("--in-flight", "6", "--partitions", "3", "--ms", "10", "--warmup", "0",
                "--duration", "2", "--timeout-ms", "1000");

        // then: the other partitions keep going with their 4 runs in flight; partition 0's 2 time out
        assertThat(report.runsPerPartition()[0]).isZero();
        assertThat(report.runsPerPartition()[1]).isPositive();
        assertThat(report.runsPerPartition()[2]).isPositive();
        assertThat(report.errors()).containsOnlyKeys("timeout");
    }

    @Test
    void countsAnAnswerWithoutTheFinalStateAsAnError() throws Exception {
        startServer(answer -> answer == 0); // the probe only

        ScalingReport report = run("--in-flight", "2", "--ms", "0", "--warmup", "0", "--duration", "1");

        assertThat(report.runsCompleted()).isZero();
        assertThat(report.errors()).containsOnlyKeys("unexpected body: {\"ms\":0}");
    }

    @Test
    void killsTheGivenProcessDuringTheWindow() throws Exception {
        startServer(answer -> true);
        Process victim = new ProcessBuilder("sleep", "60").start();
        try {
            ScalingReport report = run("--in-flight", "2", "--ms", "10", "--warmup", "0", "--duration", "2",
                    "--kill-pid", Long.toString(victim.pid()), "--kill-after", "1", "--cpu-pid",
                    "victim=" + victim.pid());

            assertThat(victim.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(report.recovery().killed()).isTrue();
            // never before --kill-after (up to the clock's granularity); how late depends on the machine's load
            assertThat(report.recovery().killedAtS()).isGreaterThanOrEqualTo(0.9);
            assertThat(report.recovery().stalledPartitions()).isEmpty();
            assertThat(report.cpuCores()).doesNotContainKey("victim"); // gone at the end of the window
        } finally {
            victim.destroyForcibly();
        }
    }

    @Test
    void stopsBeforeMeasuringWhenTheProbeRunFails() throws Exception {
        startServer(answer -> false);

        assertThatIllegalStateException().isThrownBy(() -> run("--duration", "1")).withMessageContaining("probe");
    }

    private ScalingReport run(String... args) throws Exception {
        String[] withUrl = new String[args.length + 1];
        withUrl[0] = "http://127.0.0.1:" + server.getAddress().getPort();
        System.arraycopy(args, 0, withUrl, 1, args.length);
        ScalingOptions options = ScalingOptions.parse(withUrl);
        try (var http = HttpClient.newHttpClient()) {
            return new ScalingRun(options, List.of(http)).execute();
        }
    }

    /** Answers runs/wait after input.ms with {ms, done: true}, or {ms} only when {@code finish} refuses the n-th. */
    private void startServer(java.util.function.IntPredicate finish) throws IOException {
        var answers = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/threads", exchange -> {
            int now = inFlight.incrementAndGet();
            mostInFlight.accumulateAndGet(now, Math::max);
            try {
                JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
                String threadId = exchange.getRequestURI().getPath().split("/")[2];
                threadsSeen.add(threadId);
                long ms = request.path("input").path("ms").asLong();
                if (ThreadPartitions.of(threadId, 3) == stalledPartition && answers.get() > 0) {
                    ms = 3_000;
                }
                Thread.sleep(ms);
                var state = JSON.createObjectNode().put("ms", ms);
                if (finish.test(answers.getAndIncrement())) {
                    state.put("done", true);
                }
                inFlight.decrementAndGet(); // before the answer, which lets the client send its next run
                respond(exchange, "\n" + JSON.writeValueAsString(state));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
