package dev.kgraph.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.model.json.Json;
import dev.kgraph.standalone.Standalone;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Malformed and mistyped input across every endpoint the server serves, seeded so a failure can be replayed
 * ({@code -Dkgraph.fuzz.seed=N}): whatever a client sends, the answer is never a 5xx, and every 4xx carries a JSON
 * {@code {"detail": ...}}. Bodies start from valid fields of the endpoint and then get wrong types, out-of-range
 * numbers, unknown fields, non-object bodies or broken JSON; ids in paths are real, unknown or not UUIDs.
 */
class MalformedInputFuzzEndToEndTests {
    private static final long SEED = Long.getLong("kgraph.fuzz.seed", 20261202L);
    private static final int REQUESTS = Integer.getInteger("kgraph.fuzz.requests", 600);

    @TempDir
    static Path dataDir;
    static Standalone system;
    static HttpClient http;
    static String threadId;
    static String runId;
    /** An assistant created for the run: the writes of {@code /assistants/{id}} reach its writer. */
    static String assistantId;
    /** A cron created for the run: the writes of {@code /runs/crons/{id}} reach its writer. */
    static String cronId;

    /** One endpoint: method, path with {@code {thread}} and {@code {run}} placeholders, and valid sample fields. */
    record Endpoint(String method, String path, Map<String, Object> fields) {
    }

    private static final Map<String, Object> RUN_FIELDS = orderedMap(
            "assistant_id", "echo",
            "input", Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))),
            "metadata", Map.of("k", "v"),
            "config", Map.of("tags", List.of("t"), "recursion_limit", 5, "configurable", Map.of("a", 1)),
            "context", Map.of("a", 1),
            "stream_mode", List.of("values"),
            "stream_subgraphs", false,
            "stream_resumable", false,
            "interrupt_before", List.of("echo"),
            "interrupt_after", "*",
            "multitask_strategy", "enqueue",
            "if_not_exists", "create",
            "on_disconnect", "continue",
            "on_completion", "delete",
            "durability", "async",
            "checkpoint_during", true,
            "checkpoint_id", UUID.randomUUID().toString(),
            "checkpoint", Map.of("checkpoint_id", UUID.randomUUID().toString(), "checkpoint_ns", ""),
            "command", Map.of("resume", "x"),
            // refused by the default URL policy (loopback): the fuzzer never makes the server call anything
            "webhook", "http://127.0.0.1:9/hook",
            "feedback_keys", List.of("k"));

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/ok", Map.of()),
            new Endpoint("GET", "/info", Map.of()),
            new Endpoint("GET", "/assistants/{assistant}", Map.of()),
            new Endpoint("GET", "/assistants/{assistant}/graph", Map.of("xray", true)),
            new Endpoint("GET", "/assistants/{assistant}/schemas", Map.of()),
            new Endpoint("GET", "/assistants/{assistant}/subgraphs", Map.of("recurse", true)),
            new Endpoint("POST", "/assistants/search", orderedMap("graph_id", "echo", "name", "e",
                    "metadata", Map.of("created_by", "system"), "limit", 10, "offset", 0, "sort_by", "name",
                    "sort_order", "asc", "select", List.of("assistant_id", "version"))),
            new Endpoint("POST", "/assistants/count", orderedMap("graph_id", "echo", "name", "e",
                    "metadata", Map.of("created_by", "system"))),
            new Endpoint("POST", "/assistants", orderedMap("graph_id", "echo", "assistant_id", "{uuid}",
                    "config", Map.of("tags", List.of("t"), "configurable", Map.of("a", 1)), "context", Map.of("a", 1),
                    "metadata", Map.of("k", "v"), "name", "n", "description", "d", "if_exists", "do_nothing")),
            new Endpoint("PATCH", "/assistants/{assistant}", orderedMap("graph_id", "echo",
                    "config", Map.of("configurable", Map.of("a", 2)), "context", Map.of("a", 2),
                    "metadata", Map.of("k", "w"), "name", "n2", "description", "d2")),
            new Endpoint("DELETE", "/assistants/{assistant}", Map.of("delete_threads", false)),
            new Endpoint("POST", "/assistants/{assistant}/versions", orderedMap("metadata", Map.of("k", "v"),
                    "limit", 10, "offset", 0)),
            new Endpoint("POST", "/assistants/{assistant}/latest", Map.of("version", 1)),
            new Endpoint("POST", "/threads", orderedMap("thread_id", "{uuid}", "metadata", Map.of("a", 1),
                    "if_exists", "do_nothing")),
            new Endpoint("POST", "/threads/search", orderedMap("ids", List.of("{uuid}"), "metadata", Map.of("a", 1),
                    "values", Map.of("a", 1), "status", "idle", "limit", 10, "offset", 0, "sort_by", "created_at",
                    "sort_order", "desc", "select", List.of("thread_id"))),
            new Endpoint("POST", "/threads/count", orderedMap("metadata", Map.of("a", 1), "values", Map.of("a", 1),
                    "status", "idle")),
            new Endpoint("GET", "/threads/{thread}", Map.of()),
            new Endpoint("PATCH", "/threads/{thread}", Map.of("metadata", Map.of("a", 2))),
            new Endpoint("POST", "/threads/{thread}/copy", Map.of()),
            new Endpoint("DELETE", "/threads/{thread}", Map.of()),
            new Endpoint("GET", "/threads/{thread}/state", Map.of("subgraphs", true)),
            new Endpoint("GET", "/threads/{thread}/state/{checkpoint}", Map.of()),
            new Endpoint("POST", "/threads/{thread}/state/checkpoint", orderedMap("checkpoint",
                    Map.of("checkpoint_id", UUID.randomUUID().toString(), "checkpoint_ns", ""), "subgraphs", true)),
            new Endpoint("POST", "/threads/{thread}/state", orderedMap("values", Map.of("messages", List.of()),
                    "as_node", "echo", "checkpoint_id", "{uuid}")),
            new Endpoint("GET", "/threads/{thread}/history", Map.of("limit", 2, "before", "{uuid}")),
            new Endpoint("POST", "/threads/{thread}/history", orderedMap("limit", 2, "before", "{uuid}",
                    "metadata", Map.of("source", "loop"))),
            new Endpoint("POST", "/threads/{thread}/runs", withAfterSeconds()),
            new Endpoint("POST", "/threads/{thread}/runs/wait", RUN_FIELDS),
            new Endpoint("GET", "/threads/{thread}/runs", Map.of("limit", 2, "offset", 0, "status", "success")),
            new Endpoint("GET", "/threads/{thread}/runs/{run}", Map.of()),
            new Endpoint("GET", "/threads/{thread}/runs/{run}/join", Map.of()),
            new Endpoint("GET", "/threads/{thread}/runs/{run}/webhook", Map.of()),
            new Endpoint("POST", "/threads/{thread}/runs/{run}/cancel", Map.of("wait", false, "action", "interrupt")),
            new Endpoint("DELETE", "/threads/{thread}/runs/{run}", Map.of()),
            new Endpoint("POST", "/runs", withAfterSeconds()),
            new Endpoint("POST", "/runs/wait", RUN_FIELDS),
            new Endpoint("POST", "/runs/batch", Map.of()),
            new Endpoint("POST", "/runs/cancel", orderedMap("thread_id", "{thread}", "run_ids", List.of("{run}"),
                    "action", "interrupt")),
            // crons: a yearly schedule, so those the fuzzer creates do not tick while it runs
            new Endpoint("POST", "/runs/crons", withCronFields()),
            new Endpoint("POST", "/threads/{thread}/runs/crons", withCronFields()),
            new Endpoint("POST", "/runs/crons/search", orderedMap("assistant_id", "echo", "thread_id", "{thread}",
                    "enabled", true, "limit", 10, "offset", 0, "sort_by", "created_at", "sort_order", "desc",
                    "select", List.of("cron_id"))),
            new Endpoint("POST", "/runs/crons/count", orderedMap("assistant_id", "echo", "thread_id", "{thread}")),
            new Endpoint("GET", "/runs/crons/{cron}", Map.of()),
            new Endpoint("PATCH", "/runs/crons/{cron}", orderedMap("schedule", "0 0 1 1 *", "end_time",
                    "2999-01-01T00:00:00Z", "enabled", true, "metadata", Map.of("k", "v"), "input", Map.of(),
                    "on_run_completed", "keep")),
            new Endpoint("DELETE", "/runs/crons/{cron}", Map.of()),
            new Endpoint("PUT", "/store/items", orderedMap("namespace", List.of("fuzz", "a"), "key", "k",
                    "value", Map.of("a", 1), "index", false, "ttl", 5)),
            new Endpoint("GET", "/store/items", orderedMap("namespace", "fuzz.a", "key", "k", "refresh_ttl", "true")),
            new Endpoint("DELETE", "/store/items", orderedMap("namespace", "fuzz.a", "key", "k")),
            new Endpoint("POST", "/store/items/search", orderedMap("namespace_prefix", List.of("fuzz"),
                    "filter", Map.of("a", 1), "limit", 10, "offset", 0, "query", "", "refresh_ttl", false)),
            new Endpoint("POST", "/store/namespaces", orderedMap("prefix", List.of("fuzz"), "suffix", List.of("a"),
                    "max_depth", 2, "limit", 10, "offset", 0)));

    private static final List<Object> WRONG = List.of(
            Map.of(), "", true, false, List.of("values"), List.of(), -1, 0, 1.5, -1e308, Long.MAX_VALUE,
            new BigInteger("123456789012345678901234567890"), "not-a-uuid", "x".repeat(5000),
            Map.of("a", Map.of("b", Map.of("c", List.of(1, "2", Map.of())))), List.of(Map.of(), List.of(), 3));

    private static final List<String> BROKEN_BODIES = List.of(
            "", "{", "[", "null", "true", "42", "\"text\"", "[1,2]", "{\"a\":}", "{'single':'quotes'}",
            "{\"a\":1}garbage", "\u0000", "{\"a\":\"\\ud800\"}", "[".repeat(3000));

    @BeforeAll
    static void start() {
        system = Standalone.start(dataDir, 0, Map.of());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        await().atMost(Duration.ofSeconds(60)).until(() -> send("GET", "/assistants/046b5dc7-2108-582c-9c6c-31d556d138f0/graph", null, null)
                .statusCode() == 200);
        threadId = UUID.randomUUID().toString();
        var run = send("POST", "/threads/" + threadId + "/runs/wait", "application/json",
                "{\"assistant_id\":\"echo\",\"input\":{\"messages\":[]},\"if_not_exists\":\"create\"}");
        assertThat(run.statusCode()).isEqualTo(200);
        runId = run.headers().firstValue("Content-Location").orElseThrow().replaceAll(".*/runs/", "");
        var assistant = send("POST", "/assistants", "application/json", "{\"graph_id\":\"echo\"}");
        assertThat(assistant.statusCode()).isEqualTo(200);
        assistantId = Json.MAPPER.readTree(assistant.body()).path("assistant_id").stringValue();
        var cron = send("POST", "/runs/crons", "application/json",
                "{\"assistant_id\":\"echo\",\"schedule\":\"0 0 1 1 *\"}");
        assertThat(cron.statusCode()).isEqualTo(200);
        cronId = Json.MAPPER.readTree(cron.body()).path("cron_id").stringValue();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    void noInputGetsA5xxAndEvery4xxHasAJsonDetail() {
        var random = new Random(SEED);
        var failures = new ArrayList<String>();
        int clientErrors = 0;
        for (int i = 0; i < REQUESTS && failures.size() < 10; i++) {
            var endpoint = ENDPOINTS.get(random.nextInt(ENDPOINTS.size()));
            String path = path(endpoint.path(), random);
            String body = null;
            String contentType = null;
            if (endpoint.method().equals("GET") || endpoint.method().equals("DELETE")) {
                path += query(endpoint.fields(), random);
            } else {
                contentType = random.nextInt(20) == 0 ? "text/plain" : "application/json";
                body = body(endpoint.fields(), random);
            }
            HttpResponse<String> response = send(endpoint.method(), path, contentType, body);
            String problem = problem(response);
            if (problem != null) {
                failures.add("#" + i + " " + endpoint.method() + " " + abbreviate(path) + " " + abbreviate(body) + " -> "
                        + response.statusCode() + " " + abbreviate(response.body()) + ": " + problem);
            }
            if (response.statusCode() >= 400) {
                clientErrors++;
            }
        }
        assertThat(failures).as("seed %d", SEED).isEmpty();
        assertThat(clientErrors).as("the fuzzer produced invalid requests").isGreaterThan(REQUESTS / 2);
    }

    private static String problem(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return "a server error";
        }
        if (status >= 400) {
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(response.body());
            } catch (RuntimeException e) {
                return "a 4xx without a JSON body";
            }
            if (json == null || !json.isObject() || !json.path("detail").isString()
                    || json.path("detail").stringValue().isBlank()) {
                return "a 4xx without {\"detail\": \"...\"}";
            }
        }
        return null;
    }

    private static String path(String template, Random random) {
        return template
                .replace("{thread}", pick(random, threadId, threadId, UUID.randomUUID().toString(), "not-a-uuid",
                        "%20", threadId.replace("-", "")))
                .replace("{run}", pick(random, runId, UUID.randomUUID().toString(), "123", runId.toUpperCase()))
                .replace("{assistant}", pick(random, "echo", "046b5dc7-2108-582c-9c6c-31d556d138f0",
                        UUID.randomUUID().toString(), "no-such-graph", "%2e%2e", assistantId, assistantId))
                .replace("{cron}", pick(random, cronId, cronId, UUID.randomUUID().toString(), "not-a-uuid"))
                .replace("{checkpoint}", pick(random, UUID.randomUUID().toString(), "x", "%00"));
    }

    private static String query(Map<String, Object> fields, Random random) {
        if (fields.isEmpty() || random.nextInt(4) == 0) {
            return "";
        }
        var parts = new ArrayList<String>();
        for (var field : fields.keySet()) {
            if (random.nextBoolean()) {
                Object value = random.nextBoolean() ? fields.get(field) : WRONG.get(random.nextInt(WRONG.size()));
                String text = value instanceof String s ? s.replace("{uuid}", UUID.randomUUID().toString())
                        : Json.MAPPER.writeValueAsString(value);
                parts.add(field + "=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
            }
        }
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static String body(Map<String, Object> fields, Random random) {
        int shape = random.nextInt(10);
        if (shape == 0) {
            return BROKEN_BODIES.get(random.nextInt(BROKEN_BODIES.size()));
        }
        if (shape == 1) {
            return Json.MAPPER.writeValueAsString(WRONG.get(random.nextInt(WRONG.size())));
        }
        var body = new LinkedHashMap<String, Object>();
        for (var entry : fields.entrySet()) {
            if (random.nextInt(3) > 0) {
                body.put(entry.getKey(), entry.getValue() instanceof String s
                        ? s.replace("{uuid}", UUID.randomUUID().toString()).replace("{thread}", threadId)
                        .replace("{run}", runId)
                        : entry.getValue());
            }
        }
        var keys = new ArrayList<>(fields.keySet());
        int mutations = keys.isEmpty() ? 0 : 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            body.put(keys.get(random.nextInt(keys.size())), WRONG.get(random.nextInt(WRONG.size())));
        }
        if (random.nextInt(5) == 0) {
            body.put("unknown_field_" + random.nextInt(100), WRONG.get(random.nextInt(WRONG.size())));
        }
        return Json.MAPPER.writeValueAsString(body);
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body) {
        var request = HttpRequest.newBuilder(URI.create(system.baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new AssertionError(method + " " + path + " " + abbreviate(body) + ": no answer (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static Map<String, Object> withAfterSeconds() {
        var fields = new LinkedHashMap<>(RUN_FIELDS);
        fields.put("after_seconds", 3600);
        return fields;
    }

    private static Map<String, Object> withCronFields() {
        var fields = new LinkedHashMap<>(RUN_FIELDS);
        fields.put("schedule", "0 0 1 1 *");
        fields.put("timezone", "Europe/Paris");
        fields.put("end_time", "2999-01-01T00:00:00Z");
        fields.put("enabled", true);
        fields.put("on_run_completed", "keep");
        return fields;
    }

    private static Map<String, Object> orderedMap(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        IntStream.range(0, keysAndValues.length / 2)
                .forEach(i -> map.put((String) keysAndValues[2 * i], keysAndValues[2 * i + 1]));
        return map;
    }
}
