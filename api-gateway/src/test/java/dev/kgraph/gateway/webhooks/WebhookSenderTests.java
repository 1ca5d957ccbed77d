package dev.kgraph.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.kgraph.model.webhooks.WebhookRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One attempt against a real HTTP server on loopback: what is sent, and how the answer is classified. */
class WebhookSenderTests {
    private HttpServer server;
    private final List<com.sun.net.httpserver.Headers> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                received.add(exchange.getRequestHeaders());
                switch (exchange.getRequestURI().getPath()) {
                    case "/ok" -> exchange.sendResponseHeaders(204, -1);
                    case "/busy" -> {
                        exchange.getResponseHeaders().add("Retry-After", "7");
                        exchange.sendResponseHeaders(503, -1);
                    }
                    case "/moved" -> {
                        exchange.getResponseHeaders().add("Location", "http://10.0.0.1/");
                        exchange.sendResponseHeaders(302, -1);
                    }
                    case "/hang" -> release.await();
                    default -> exchange.sendResponseHeaders(404, -1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    /**
     * Timeouts a loaded 2-core machine meets on loopback (a 2 s connect timeout once timed out there); only the test
     * of a receiver that never answers uses a short request timeout ({@link #HANG_TIMEOUT}).
     */
    private static WebhookSettings settings(boolean allowLoopback, String secret) {
        return settings(allowLoopback, secret, Duration.ofSeconds(30));
    }

    private static final Duration HANG_TIMEOUT = Duration.ofMillis(500);

    private static WebhookSettings settings(boolean allowLoopback, String secret, Duration requestTimeout) {
        return new WebhookSettings(true, "g", allowLoopback, false, List.of(), false, List.of(), 65_536,
                Duration.ofSeconds(30), requestTimeout, secret, 12, Duration.ofSeconds(1), 4.0,
                Duration.ofHours(6), 1, false);
    }

    private AttemptOutcome attempt(WebhookSettings settings, String url) {
        try (var sender = new WebhookSender(settings, new WebhookUrlPolicy(settings), Clock.systemUTC())) {
            return sender.attempt(new WebhookRequest("run-1", "thread-1", "run-1", url, Map.of("run_id", "run-1")), 2);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void sendsTheDeliveryIdTimestampAttemptAndSignature() {
        var outcome = attempt(settings(true, "k"), url("/ok"));

        assertThat(outcome).isEqualTo(new AttemptOutcome.Delivered(204));
        var headers = received.getFirst();
        assertThat(headers.getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(headers.getFirst("X-Webhook-Id")).isEqualTo("run-1");
        assertThat(headers.getFirst("X-Webhook-Attempt")).isEqualTo("2");
        assertThat(headers.getFirst("X-Webhook-Timestamp")).matches("\\d{10,}");
        assertThat(headers.getFirst("X-Webhook-Signature")).matches("v1=[0-9a-f]{64}");
    }

    @Test
    void sendsNoSignatureWithoutASecret() {
        attempt(settings(true, null), url("/ok"));

        assertThat(received.getFirst().containsKey("X-Webhook-Signature")).isFalse();
    }

    @Test
    void aServerErrorIsRetriedWithItsRetryAfter() {
        var outcome = attempt(settings(true, null), url("/busy"));

        assertThat(outcome).isEqualTo(new AttemptOutcome.Retryable(503, "receiver answered 503",
                Duration.ofSeconds(7)));
    }

    @Test
    void aRedirectIsNotFollowedNorRetried() {
        var outcome = attempt(settings(true, null), url("/moved"));

        assertThat(outcome).isInstanceOf(AttemptOutcome.Rejected.class);
        assertThat(received).hasSize(1);
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsRetried() {
        var outcome = attempt(settings(true, null, HANG_TIMEOUT), url("/hang"));

        assertThat(outcome).isInstanceOfSatisfying(AttemptOutcome.Retryable.class, retry ->
                assertThat(retry.reason()).startsWith("timed out"));
    }

    @Test
    void aRefusedConnectionIsRetried() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        var outcome = attempt(settings(true, null), "http://127.0.0.1:" + closedPort + "/hook");

        assertThat(outcome).isInstanceOfSatisfying(AttemptOutcome.Retryable.class, retry ->
                assertThat(retry.reason()).startsWith("network error"));
    }

    @Test
    void thePolicyIsCheckedAgainBeforeSendingAndNothingIsSent() {
        var outcome = attempt(settings(false, null), url("/ok"));

        assertThat(outcome).isInstanceOfSatisfying(AttemptOutcome.Rejected.class, rejected ->
                assertThat(rejected.reason()).contains("loopback"));
        assertThat(received).isEmpty();
    }
}
