package dev.kgraph.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * The clients' view of the gateways: HTTP/1.1 with a connection pool, bodies read as streams (so the headers of a
 * {@code runs/wait}, committed at once, are seen before its result), and a rotation of gateways to pick from, as a
 * load balancer with health checks would keep: a killed gateway stays in it (clients find out by themselves) until it
 * is taken out for its restart, and comes back once it is ready.
 */
final class Gateways implements AutoCloseable {
    private final List<String> urls;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final Set<Integer> rotation = ConcurrentHashMap.newKeySet();
    private final AtomicIntegerArray inFlight;

    Gateways(List<String> urls) {
        this.urls = List.copyOf(urls);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .executor(threads)
                .build();
        this.inFlight = new AtomicIntegerArray(urls.size());
        IntStream.range(0, urls.size()).forEach(rotation::add);
    }

    /** Requests sent to {@code gateway} whose answer has not been read to its end yet (mostly waits and joins). */
    int inFlight(int gateway) {
        return inFlight.get(gateway);
    }

    int count() {
        return urls.size();
    }

    void takeOutOfRotation(int gateway) {
        rotation.remove(gateway);
    }

    void putInRotation(int gateway) {
        rotation.add(gateway);
    }

    /**
     * Sends to a gateway of the rotation chosen at random, and on to the others in turn while connections are
     * refused (nothing was sent then). Other failures are returned as they are: the caller decides.
     */
    Exchange sendAnywhere(String method, String path, @Nullable Object body, Duration timeout) {
        var order = new ArrayList<>(rotation);
        Collections.shuffle(order);
        Exchange last = new Exchange.Refused(-1, "no gateway in rotation");
        for (int gateway : order) {
            last = send(gateway, method, path, body, timeout);
            if (!(last instanceof Exchange.Refused)) {
                return last;
            }
        }
        return last;
    }

    /** Like {@link #sendAnywhere} but never to {@code avoided} unless no other gateway is in the rotation. */
    Exchange sendAvoiding(int avoided, String method, String path, @Nullable Object body, Duration timeout) {
        var others = rotation.stream().filter(g -> g != avoided).toList();
        if (others.isEmpty()) {
            return sendAnywhere(method, path, body, timeout);
        }
        return sendAnywhere(others.get(ThreadLocalRandom.current().nextInt(others.size())),
                method, path, body, timeout);
    }

    private Exchange sendAnywhere(int first, String method, String path, @Nullable Object body, Duration timeout) {
        var exchange = send(first, method, path, body, timeout);
        return exchange instanceof Exchange.Refused ? sendAnywhere(method, path, body, timeout) : exchange;
    }

    /**
     * One request to one gateway. {@code timeout} bounds the wait for the status and headers, and then again the
     * wait for the end of the body (a {@code runs/wait} sends its result only when the run ends).
     */
    Exchange send(int gateway, String method, String path, @Nullable Object body, Duration timeout) {
        inFlight.incrementAndGet(gateway);
        try {
            return exchange(gateway, method, path, body, timeout);
        } finally {
            inFlight.decrementAndGet(gateway);
        }
    }

    private Exchange exchange(int gateway, String method, String path, @Nullable Object body, Duration timeout) {
        var request = HttpRequest.newBuilder(URI.create(urls.get(gateway) + path)).timeout(timeout);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException refused) {
            return new Exchange.Refused(gateway, String.valueOf(refused));
        } catch (IOException broken) {
            return new Exchange.Lost(gateway, String.valueOf(broken));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return readBody(gateway, response, timeout);
    }

    private Exchange readBody(int gateway, HttpResponse<InputStream> response, Duration timeout) {
        var reading = CompletableFuture.supplyAsync(() -> readAll(response.body()), threads);
        String failure;
        try {
            return new Exchange.Answered(gateway, response.statusCode(), response.headers(),
                    reading.get(timeout.toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (TimeoutException late) {
            closeQuietly(response.body());
            failure = "no end of body within " + timeout;
        } catch (ExecutionException broken) {
            var cause = broken.getCause();
            failure = String.valueOf(cause instanceof UncheckedIOException io ? io.getCause() : cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return new Exchange.Answered(gateway, response.statusCode(), response.headers(), null, failure);
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // abandoning the body anyway
        }
    }

    @Override
    public void close() {
        http.shutdownNow();
        threads.shutdownNow();
    }
}
