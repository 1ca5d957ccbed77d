package dev.kgraph.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The streaming load's calls over the JDK's {@code HttpClient}: create a thread, or stream a run on it (the
 * {@code runs/wait} load's calls are {@link WaitCalls}).
 * Each call is abandoned after the options' request timeout; nothing is retried.
 */
final class RunsApi {

    private final HttpClient http;
    private final URI baseUrl;
    private final String graph;
    private final Duration timeout;
    private final JsonMapper mapper = JsonMapper.builder().build();

    RunsApi(HttpClient http, URI baseUrl, String graph, Duration timeout) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.graph = graph;
        this.timeout = timeout;
    }

    /** Creates a thread with the given id, or keeps it if it exists. */
    void createThread(String threadId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(post("/threads", RunBodies.createThread(threadId)),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("POST /threads gave HTTP " + response.statusCode() + ": " + RunBodies.abbreviate(response.body()));
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

    private HttpRequest post(String path, ObjectNode body) {
        return post(path, mapper.writeValueAsString(body));
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

}
