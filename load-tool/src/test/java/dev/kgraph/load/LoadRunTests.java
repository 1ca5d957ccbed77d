package dev.kgraph.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs the load against a small in-process fake of the API, for one second. */
class LoadRunTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpServer server;
    private final Set<String> threadsSeen = ConcurrentHashMap.newKeySet();
    private final Set<Integer> connectionsSeen = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void countsEchoedRunsAndSpreadsNewThreadModeOverFreshThreads() throws Exception {
        startServer(content -> "echo: " + content);

        LoadReport report = run("--mode", "new-thread", "--clients", "2", "--duration", "1", "--unique");

        assertThat(report.errorCount()).isZero();
        assertThat(report.runsCompleted()).isPositive();
        assertThat(report.waitLatencyMs().samples()).isEqualTo((int) report.runsCompleted());
        assertThat(threadsSeen).hasSizeGreaterThan((int) report.runsCompleted()); // plus the probe's thread
    }

    @Test
    void runsOfTheWarmUpAreNotCountedAndTheMeasuredWindowIsAnnouncedWhenItBegins() throws Exception {
        long started = System.nanoTime();
        // the tool's clock starts after this, so everything answered within the first second is of the warm-up
        long surelyWarmUp = started + Duration.ofSeconds(1).toNanos();
        var calls = new AtomicInteger();
        var warmUpCalls = new AtomicInteger();
        startServer(content -> {
            calls.incrementAndGet();
            if (System.nanoTime() < surelyWarmUp) {
                warmUpCalls.incrementAndGet();
            }
            return "echo: " + content;
        });
        var announced = new AtomicLong();

        LoadReport report = run(() -> announced.set(System.nanoTime() - started),
                "--clients", "2", "--duration", "1", "--warmup", "1");

        assertThat(announced.get()).isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(warmUpCalls.get()).isGreaterThan(10); // the warm-up's runs were made...
        assertThat(report.runsCompleted()).isPositive()
                .isLessThanOrEqualTo(calls.get() - warmUpCalls.get()); // ...and not counted
    }

    @Test
    void sameThreadModeSendsEveryRunToOneThread() throws Exception {
        startServer(content -> "echo: " + content);

        LoadReport report = run("--mode", "same-thread", "--clients", "3", "--duration", "1");

        assertThat(report.runsCompleted()).isPositive();
        assertThat(threadsSeen).hasSize(2); // the probe's thread and the shared one
    }

    @Test
    void aWrongEchoIsCountedAsAnErrorNotAsARun() throws Exception {
        var answers = new AtomicInteger();
        startServer(content -> answers.getAndIncrement() == 0 ? "echo: " + content : "something else");

        LoadReport report = run("--duration", "1");

        assertThat(report.runsCompleted()).isZero();
        assertThat(report.errors()).containsOnlyKeys("unexpected body");
        assertThat(report.runsPerSec()).isZero();
    }

    @Test
    void aRunThatOutlivesTheRequestTimeoutIsCountedAsATimeout() throws Exception {
        var calls = new AtomicInteger();
        startServer(content -> {
            if (calls.getAndIncrement() > 0) { // the probe answers at once
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return "echo: " + content;
        });

        LoadReport report = run("--clients", "2", "--duration", "1", "--timeout-ms", "200");

        assertThat(report.runsCompleted()).isZero();
        assertThat(report.errors()).containsOnlyKeys("timeout");
    }

    @Test
    void eachClientKeepsItsConnectionAlive() throws Exception {
        startServer(content -> "echo: " + content);

        LoadReport report = run("--clients", "3", "--duration", "1");

        assertThat(report.runsCompleted()).isGreaterThan(30);
        assertThat(connectionsSeen).hasSizeLessThanOrEqualTo(4); // one per client, and the probe's
    }

    @Test
    void stopsBeforeMeasuringWhenTheProbeRunFails() throws Exception {
        startServer(content -> "nope");

        assertThatIllegalStateException().isThrownBy(() -> run("--duration", "1")).withMessageContaining("probe");
    }

    private LoadReport run(String... args) throws Exception {
        return run(() -> { }, args);
    }

    private LoadReport run(Runnable measuring, String... args) throws Exception {
        String[] withUrl = new String[args.length + 1];
        withUrl[0] = "http://127.0.0.1:" + server.getAddress().getPort();
        System.arraycopy(args, 0, withUrl, 1, args.length);
        LoadOptions options = LoadOptions.parse(withUrl);
        try (var calls = new WaitCalls(options)) {
            return new LoadRun(options, calls, measuring).execute();
        }
    }

    /** Answers POST /threads with 200 and runs/wait with the state {messages:[input, {content: reply(input)}]}. */
    private void startServer(UnaryOperator<String> reply) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/threads", exchange -> {
            connectionsSeen.add(exchange.getRemoteAddress().getPort());
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/threads")) {
                threadsSeen.add(request.path("thread_id").asString());
                respond(exchange, "{}");
                return;
            }
            threadsSeen.add(path.split("/")[2]);
            String content = request.path("input").path("messages").path(0).path("content").asString();
            var state = JSON.createObjectNode();
            var messages = state.putArray("messages");
            messages.addObject().put("role", "user").put("content", content);
            messages.addObject().put("role", "ai").put("content", reply.apply(content));
            respond(exchange, "\n" + JSON.writeValueAsString(state));
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
