package dev.kgraph.gateway.api;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The error handling as wired by Spring Boot on a real Netty server: the JSON handler replaces Boot's default error
 * handler, and the body limit set through {@code spring.http.codecs.max-in-memory-size} answers 413 JSON.
 */
@SpringBootTest(classes = ApiErrorHandlingIntegrationTests.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.http.codecs.max-in-memory-size=2KB")
@AutoConfigureWebTestClient
class ApiErrorHandlingIntegrationTests {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ApiExceptionAdvice.class, JsonErrorWebExceptionHandler.class, JsonBodyContentTypeFilter.class,
            EchoRunsController.class})
    static class App {
    }

    @RestController
    static class EchoRunsController {

        @PostMapping("/runs/wait")
        JsonNode wait(@RequestBody JsonNode body) {
            return RunRequestParser.parse(body).input();
        }
    }

    @Autowired
    private WebTestClient client;

    private static void expectDetail(WebTestClient.ResponseSpec response, HttpStatus status, String detail) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().json("{\"detail\":\"" + detail + "\"}", JsonCompareMode.STRICT);
    }

    @Test
    void aValidBodyIsServed() {
        client.post().uri("/runs/wait").bodyValue("{\"assistant_id\":\"echo\",\"input\":{\"a\":1}}").exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"a\":1}");
    }

    @Test
    void anInvalidBodyIs422() {
        expectDetail(client.post().uri("/runs/wait").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange(),
                HttpStatus.UNPROCESSABLE_CONTENT, "assistant_id: is required");
    }

    @Test
    void aBodyOverTheConfiguredLimitIs413() {
        String big = "{\"assistant_id\":\"echo\",\"input\":\"" + "x".repeat(4096) + "\"}";

        expectDetail(client.post().uri("/runs/wait").contentType(MediaType.APPLICATION_JSON).bodyValue(big).exchange(),
                HttpStatus.CONTENT_TOO_LARGE, ErrorClassifier.TOO_LARGE);
    }

    @Test
    void anUnknownRouteIs404Json() {
        expectDetail(client.get().uri("/threads/x/nothing").exchange(), HttpStatus.NOT_FOUND, "Not Found");
    }

    @Test
    void aWrongMethodIs405Json() {
        expectDetail(client.get().uri("/runs/wait").exchange(), HttpStatus.METHOD_NOT_ALLOWED, "Method Not Allowed");
    }
}
