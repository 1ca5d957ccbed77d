package dev.kgraph.standalone.e2e;

import dev.kgraph.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/** A plain HTTP client for the end-to-end tests: what any client of the API sends and sees. */
public final class Api implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public Api(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The loopback address of a gateway started in the test (any application context with a web server). */
    public static String baseUrl(ApplicationContext context) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public Response post(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String raw ? raw
                        : new String(Json.write(body)))));
    }

    public Response patch(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(new String(Json.write(body)))));
    }

    /** Any method with a JSON body ({@code PUT}, {@code DELETE} with a body, as the store endpoints take). */
    public Response send(String method, String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(new String(Json.write(body)))));
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    /** {@code runs/wait} with {@code if_not_exists: create} on a fresh thread. */
    public Response waitOnNewThread(String graph, Object input) {
        return waitOnNewThread(UUID.randomUUID().toString(), graph, input);
    }

    /** {@code runs/wait} with {@code if_not_exists: create} on the thread {@code threadId}, which need not exist. */
    public Response waitOnNewThread(String threadId, String graph, Object input) {
        return post("/threads/" + threadId + "/runs/wait",
                Map.of("assistant_id", graph, "input", input, "if_not_exists", "create"));
    }

    private Response send(HttpRequest.Builder request) {
        try {
            var response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    public record Response(int status, HttpHeaders headers, String body) {

        @SuppressWarnings("unchecked")
        public Map<String, Object> json() {
            return (Map<String, Object>) Json.plain(Json.MAPPER.readTree(body));
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> jsonList() {
            return (List<Map<String, Object>>) Json.plain(Json.MAPPER.readTree(body));
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }
}
