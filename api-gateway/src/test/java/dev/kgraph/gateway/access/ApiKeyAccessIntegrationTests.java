package dev.kgraph.gateway.access;

import dev.kgraph.gateway.api.ApiExceptionAdvice;
import dev.kgraph.gateway.api.JsonBodyContentTypeFilter;
import dev.kgraph.gateway.api.JsonErrorWebExceptionHandler;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** With {@code kgraph.auth.api-keys} set, on a real Netty server with the gateway's filters and error handler. */
@SpringBootTest(classes = ApiKeyAccessIntegrationTests.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"kgraph.auth.api-keys=first-key, second-key", "spring.main.banner-mode=off"})
@AutoConfigureWebTestClient
class ApiKeyAccessIntegrationTests {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({AccessConfiguration.class, ApiExceptionAdvice.class, JsonErrorWebExceptionHandler.class,
            JsonBodyContentTypeFilter.class, Endpoints.class})
    static class App {
    }

    /** Stand-ins for an API route and the health routes (the real ones live in other modules). */
    @RestController
    static class Endpoints {
        @PostMapping("/threads")
        Map<String, Object> create(@RequestBody JsonNode body) {
            return Map.of("thread_id", "t-1", "metadata", body.path("metadata"));
        }

        @GetMapping("/ok")
        Map<String, Object> ok() {
            return Map.of("ok", true);
        }

        @GetMapping("/actuator/health/readiness")
        Map<String, Object> readiness() {
            return Map.of("status", "UP");
        }

        @GetMapping("/docs")
        String docs() {
            return "docs";
        }
    }

    @Autowired
    private WebTestClient client;

    private WebTestClient.RequestHeadersSpec<?> createThread() {
        return client.post().uri("/threads").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"metadata\":{}}");
    }

    private static void expect401(WebTestClient.ResponseSpec response, String detail) {
        response.expectStatus().isEqualTo(HttpStatus.UNAUTHORIZED)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().json("{\"detail\":\"" + detail + "\"}", JsonCompareMode.STRICT);
    }

    @Test
    void aRequestWithoutAKeyIs401Json() {
        expect401(createThread().exchange(), ApiKeyFilter.MISSING);
    }

    @Test
    void aWrongKeyIs401Json() {
        expect401(createThread().header("x-api-key", "first-key-but-longer").exchange(), ApiKeyFilter.INVALID);
        expect401(createThread().header(HttpHeaders.AUTHORIZATION, "Bearer wrong").exchange(), ApiKeyFilter.INVALID);
    }

    @Test
    void anyConfiguredKeyInXApiKeyIsAccepted() {
        createThread().header("x-api-key", "first-key").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.thread_id").isEqualTo("t-1");
        createThread().header("x-api-key", "second-key").exchange().expectStatus().isOk();
    }

    @Test
    void aKeyAsBearerTokenIsAccepted() {
        createThread().header(HttpHeaders.AUTHORIZATION, "Bearer second-key").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.thread_id").isEqualTo("t-1");
    }

    @Test
    void anotherAuthorizationSchemeIsNotAKey() {
        expect401(createThread().header(HttpHeaders.AUTHORIZATION, "Basic Zmlyc3Qta2V5").exchange(),
                ApiKeyFilter.MISSING);
    }

    @Test
    void livenessAndReadinessStayOpen() {
        client.get().uri("/ok").exchange().expectStatus().isOk();
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

    @Test
    void theDocsPageIsProtectedLikeTheApiByDefault() {
        expect401(client.get().uri("/docs").exchange(), ApiKeyFilter.MISSING);
        client.get().uri("/docs").header("x-api-key", "first-key").exchange().expectStatus().isOk();
    }

    @Test
    void unknownRoutesNeedAKeyToo() {
        expect401(client.get().uri("/nothing/here").exchange(), ApiKeyFilter.MISSING);
        client.get().uri("/nothing/here").header("x-api-key", "first-key").exchange().expectStatus().isNotFound();
    }

    @Test
    void aPreflightNeedsNoKeyAndA401CarriesTheCorsHeaders() {
        client.options().uri("/threads")
                .header(HttpHeaders.ORIGIN, "http://127.0.0.1:5173")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type, x-api-key")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
                        headers -> org.assertj.core.api.Assertions.assertThat(headers.toLowerCase())
                                .contains("x-api-key"));

        createThread().header(HttpHeaders.ORIGIN, "http://127.0.0.1:5173").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    }
}
