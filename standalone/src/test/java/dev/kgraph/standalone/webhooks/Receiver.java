package dev.kgraph.standalone.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kgraph.model.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP webhook receiver on 127.0.0.1. Each path has a behaviour, decided per delivery id (so concurrent
 * tests do not disturb each other): {@code /ok} answers 200, {@code /flaky} 503 to the first two attempts of a
 * delivery then 200, {@code /limited} 429 with {@code Retry-After: 1} to the first attempt then 200, {@code /down}
 * always 500, {@code /reject} always 400, {@code /stall} holds the first attempt unanswered until {@link #close()}
 * then 200. Every request is recorded with the status it got ({@code -1}: held).
 */
final class Receiver implements AutoCloseable {
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attemptsById = new ConcurrentHashMap<>();
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.ExecutorService handlers =
            java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("X-Webhook-Id");
            int attempt = attemptsById.computeIfAbsent(exchange.getRequestURI().getPath() + id,
                    k -> new AtomicInteger()).incrementAndGet();
            int status = switch (exchange.getRequestURI().getPath()) {
                case "/ok" -> 200;
                case "/flaky" -> attempt <= 2 ? 503 : 200;
                case "/limited" -> attempt == 1 ? 429 : 200;
                case "/down" -> 500;
                case "/stall" -> attempt == 1 ? -1 : 200;
                default -> 400;
            };
            if (status == 429) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            var headers = Map.<String, String>of(
                    "content-type", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
                    "id", String.valueOf(id),
                    "timestamp", String.valueOf(exchange.getRequestHeaders().getFirst("X-Webhook-Timestamp")),
                    "signature", String.valueOf(exchange.getRequestHeaders().getFirst("X-Webhook-Signature")));
            received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestMethod(), headers, body,
                    status, Instant.now()));
            if (status == -1) {
                awaitClosing();
                return;
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private void awaitClosing() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The requests received for one delivery id, in arrival order. */
    List<Received> forDelivery(String deliveryId) {
        return received.stream().filter(r -> deliveryId.equals(r.headers().get("id"))).toList();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        handlers.close();
    }

    record Received(String path, String method, Map<String, String> headers, byte[] body, int answered,
                    Instant at) {

        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            return (Map<String, Object>) Json.plain(Json.MAPPER.readTree(body));
        }

        boolean accepted() {
            return answered >= 200 && answered < 300;
        }
    }
}
