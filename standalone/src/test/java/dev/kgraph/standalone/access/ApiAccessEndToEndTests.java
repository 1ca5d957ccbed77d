package dev.kgraph.standalone.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.model.json.Json;
import dev.kgraph.standalone.Standalone;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The standalone server started with {@code kgraph.auth.api-keys}: runs work with a key (as the SDK sends it, or as a
 * bearer token), nothing but liveness works without one, and the OpenAPI document declares the keys.
 */
class ApiAccessEndToEndTests {
    private static final String KEY = "test-key-" + UUID.randomUUID();
    private static final Map<String, Object> HI = Map.of("messages", List.of(Map.of("role", "user", "content", "hi")));

    @TempDir
    static Path dataDir;
    static Standalone system;
    static HttpClient http;

    @BeforeAll
    static void start() {
        system = Standalone.start(dataDir, 0, Map.of("kgraph.auth.api-keys", KEY));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        await().atMost(Duration.ofSeconds(30)).until(() -> send("POST", "/assistants/search", "{\"limit\":100}",
                "x-api-key", KEY).body().startsWith("[{"));
    }

    @AfterAll
    static void stop() {
        http.close();
        system.close();
    }

    static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(system.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String waitBody() {
        return new String(Json.write(Map.of("assistant_id", "echo", "input", HI, "if_not_exists", "create")));
    }

    @Test
    void aRunWithoutAKeyIs401AndNothingRuns() throws Exception {
        var threadId = UUID.randomUUID();
        var response = send("POST", "/threads/" + threadId + "/runs/wait", waitBody());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(Json.MAPPER.readTree(response.body()).path("detail").asString()).contains("API key");
        assertThat(send("GET", "/threads/" + threadId, null, "x-api-key", KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void aRunWithTheKeyInXApiKeyOrAsBearerTokenSucceeds() throws Exception {
        var viaHeader = send("POST", "/threads/" + UUID.randomUUID() + "/runs/wait", waitBody(), "x-api-key", KEY);
        var viaBearer = send("POST", "/threads/" + UUID.randomUUID() + "/runs/wait", waitBody(),
                "Authorization", "Bearer " + KEY);

        for (var response : List.of(viaHeader, viaBearer)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(response.body()).path("messages").get(1).path("content").asString())
                    .isEqualTo("echo: hi");
        }
    }

    @Test
    void aWrongKeyIs401() throws Exception {
        var response = send("GET", "/info", null, "x-api-key", KEY + "x");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Json.MAPPER.readTree(response.body()).path("detail").asString()).isEqualTo("Invalid API key");
    }

    @Test
    void livenessNeedsNoKey() throws Exception {
        assertThat(send("GET", "/ok", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theDocumentIsProtectedAndDeclaresTheKeys() throws Exception {
        assertThat(send("GET", "/openapi.json", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/docs", null).statusCode()).isEqualTo(401);

        var response = send("GET", "/openapi.json", null, "x-api-key", KEY);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode schemes = Json.MAPPER.readTree(response.body()).path("components").path("securitySchemes");
        assertThat(schemes.path("apiKey").path("name").asString()).isEqualTo("x-api-key");
        assertThat(schemes.path("bearer").path("scheme").asString()).isEqualTo("bearer");
    }
}
