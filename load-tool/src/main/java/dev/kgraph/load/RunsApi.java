package dev.kgraph.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The calls the loads need, over plain HTTP: create a thread, run the graph on a thread and wait for it, or stream it.
 * Each call is abandoned after the options' request timeout; nothing is retried.
 */
final class RunsApi {

    private final HttpClient http;
    private final URI baseUrl;
    private final String graph;
    private final Duration timeout;
    private final JsonMapper mapper = JsonMapper.builder().build();

    RunsApi(HttpClient http, LoadOptions options) {
        this(http, options.baseUrl(), options.graph(), options.requestTimeout());
    }

    RunsApi(HttpClient http, URI baseUrl, String graph, Duration timeout) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.graph = graph;
        this.timeout = timeout;
    }

    /** Creates a thread with the given id, or keeps it if it exists. */
    void createThread(String threadId) throws IOException, InterruptedException {
        ObjectNode body = mapper.createObjectNode().put("thread_id", threadId).put("if_exists", "do_nothing");
        HttpResponse<String> response = http.send(post("/threads", body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("POST /threads gave HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
        }
    }

    /** {@code POST /threads/{id}/runs/wait} with one user message; the thread is created on the way in new-thread mode. */
    Outcome waitForRun(String threadId, String content, Mode mode) throws InterruptedException {
        ObjectNode body = mapper.createObjectNode().put("assistant_id", graph);
        body.putObject("input").putArray("messages").addObject().put("role", "user").put("content", content);
        switch (mode) {
            case NEW_THREAD -> body.put("if_not_exists", "create");
            case SAME_THREAD -> body.put("multitask_strategy", "enqueue");
            case OWN_THREAD -> { }
        }
        try {
            HttpResponse<String> response = http.send(post("/threads/" + threadId + "/runs/wait", body),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new Outcome.Failed("HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
            }
            return echoes(response.body(), content) ? new Outcome.Echoed() : new Outcome.Failed("unexpected body");
        } catch (HttpTimeoutException e) {
            return new Outcome.Failed("timeout");
        } catch (IOException e) {
            return new Outcome.Failed("I/O: " + e.getClass().getSimpleName());
        }
    }

    /**
     * {@code POST /threads/{id}/runs/stream} with {@code input} and {@code stream_mode} (none sent when empty);
     * {@code if_not_exists: "create"} unless the caller created the thread. Returns once the headers are in: the
     * body is the caller's to read and close. The request timeout covers the headers only.
     */
    HttpResponse<InputStream> openStream(String threadId, ObjectNode input, List<String> streamModes,
            boolean threadExists) throws IOException, InterruptedException {
        ObjectNode body = mapper.createObjectNode().put("assistant_id", graph);
        body.set("input", input);
        if (!streamModes.isEmpty()) {
            streamModes.forEach(body.putArray("stream_mode")::add);
        }
        if (!threadExists) {
            body.put("if_not_exists", "create");
        }
        return http.send(post("/threads/" + threadId + "/runs/stream", body), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The same client, to reach other endpoints of the server under test (e.g. its metrics). */
    HttpClient http() {
        return http;
    }

    /** True if the last message of the returned state is the echo graph's answer to {@code content}. */
    private boolean echoes(String body, String content) {
        if (!graph.equals("echo")) {
            return true;
        }
        try {
            JsonNode messages = mapper.readTree(body).path("messages");
            JsonNode last = messages.path(messages.size() - 1);
            return ("echo: " + content).equals(last.path("content").asString(null));
        } catch (JacksonException e) {
            return false;
        }
    }

    private HttpRequest post(String path, ObjectNode body) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)))
                .build();
    }

    /** Keeps error keys few: ids replaced, length capped. */
    private static String abbreviate(String body) {
        return LoopbackHttp.abbreviate(body, 80);
    }
}
