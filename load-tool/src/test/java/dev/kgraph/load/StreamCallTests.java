package dev.kgraph.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** One stream call against a JDK HTTP server on loopback (an ephemeral port) that answers like a LangGraph server. */
class StreamCallTests {

    private HttpServer server;
    private HttpClient http;
    private ScheduledExecutorService timer;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/threads/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (path.contains("missing")) {
                byte[] body = "{\"detail\":\"Thread not found\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("content-type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("event: metadata\ndata: {\"run_id\":\"r\"}\nid: 0\n\n: heartbeat\n\n".getBytes());
                out.flush();
                if (path.contains("hang")) {
                    release.await(); // a stream that never ends until the test is over
                }
                out.write("event: custom\ndata: {\"i\":0}\nid: 1\n\nevent: custom\ndata: {\"i\":1}\nid: 2\n\n".getBytes());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        http = HttpClient.newHttpClient();
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        release.countDown();
        timer.shutdownNow();
        http.close();
        server.stop(0);
    }

    private StreamCall.Result call(String threadId, Duration timeout) throws InterruptedException {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        var api = new RunsApi(http, base, "emitter", timeout);
        var input = JsonNodeFactory.instance.objectNode().put("count", 2);
        return new StreamCall(api, timer, timeout, List.of("custom"), false)
                .run(threadId, input, StreamCheck.forRun("emitter", null, 2));
    }

    @Test
    void readsACompleteStreamAndTimesItsFirstEventAndEnd() throws Exception {
        StreamCall.Result result = call("t1", Duration.ofSeconds(10));

        assertThat(result.problem()).isNull();
        assertThat(result.events()).isEqualTo(3);
        assertThat(result.firstEventAt()).isGreaterThan(result.sentAt()).isLessThanOrEqualTo(result.endAt());
    }

    @Test
    void aStatusOtherThan200IsAnErrorNamingIt() throws Exception {
        assertThat(call("missing", Duration.ofSeconds(10)).problem()).isEqualTo("HTTP 404: {\"detail\":\"Thread not found\"}");
    }

    @Test
    void aStreamThatDoesNotEndIsCutAtTheTimeoutAndCountsAsOne() throws Exception {
        long start = System.nanoTime();
        StreamCall.Result result = call("hang", Duration.ofMillis(500));

        assertThat(result.problem()).isEqualTo("timeout");
        assertThat(result.events()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
