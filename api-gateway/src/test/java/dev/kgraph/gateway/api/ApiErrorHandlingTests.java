package dev.kgraph.gateway.api;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.MockServerConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Every failure, from a controller or from routing, reaches the client as JSON {@code {"detail"}} with its status. */
class ApiErrorHandlingTests {

    private static final int BODY_LIMIT = 1024;

    private WebTestClient client;

    @RestController
    static class TestRunsController {

        @PostMapping("/threads/{threadId}/runs/wait")
        Mono<String> wait(@PathVariable String threadId, @RequestBody JsonNode body) {
            Ids.requireUuid(threadId, "thread ID");
            RunCreateRequest request = RunRequestParser.parse(body);
            return Mono.just("{\"assistant\":\"" + request.assistantId() + "\"}");
        }

        @GetMapping("/threads/{threadId}")
        String thread(@PathVariable String threadId) {
            throw ApiException.notFound("Thread with ID " + Ids.requireUuid(threadId, "thread ID") + " not found");
        }

        @GetMapping("/busy")
        String busy() {
            throw ApiException.unavailable("Too many requests in flight", Duration.ofMillis(1500));
        }

        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("secret internal state");
        }

        @GetMapping("/gone")
        String gone() {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Run not found");
        }

        @GetMapping("/items")
        String items(@RequestParam int limit) {
            return "[]";
        }
    }

    @BeforeEach
    void startServer() {
        client = WebTestClient.bindToController(new TestRunsController())
                .controllerAdvice(new ApiExceptionAdvice())
                .webFilter(new JsonBodyContentTypeFilter())
                .httpMessageCodecs(codecs -> codecs.defaultCodecs().maxInMemorySize(BODY_LIMIT))
                .apply(new MockServerConfigurer() {
                    @Override
                    public void beforeServerCreated(WebHttpHandlerBuilder builder) {
                        builder.exceptionHandlers(handlers -> handlers.addFirst(new JsonErrorWebExceptionHandler()));
                    }
                })
                .build();
    }

    private WebTestClient.ResponseSpec postWait(String body, @Nullable MediaType type) {
        WebTestClient.RequestBodySpec request = client.post().uri("/threads/{id}/runs/wait",
                "6ba7b821-9dad-11d1-80b4-00c04fd430c8");
        if (type != null) {
            request.contentType(type);
        }
        return request.bodyValue(body).exchange();
    }

    private static void expectDetail(WebTestClient.ResponseSpec response, HttpStatus status, String detail) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().json("{\"detail\":" + quoted(detail) + "}", JsonCompareMode.STRICT);
    }

    private static String quoted(String text) {
        return JsonNodeFactory.instance.stringNode(text).toString();
    }

    @Test
    void aValidBodyReachesTheController() {
        postWait("{\"assistant_id\":\"echo\"}", MediaType.APPLICATION_JSON)
                .expectStatus().isOk()
                .expectBody().json("{\"assistant\":\"echo\"}");
    }

    @Test
    void schemaProblemsAre422NamingEveryField() {
        expectDetail(postWait("{\"assistant_id\":\"echo\",\"after_seconds\":-1,\"multitask_strategy\":\"foo\"}",
                        MediaType.APPLICATION_JSON), HttpStatus.UNPROCESSABLE_CONTENT,
                "after_seconds: must be a non-negative number; "
                        + "multitask_strategy: must be one of reject, enqueue, interrupt, rollback");
    }

    @Test
    void malformedJsonIs422() {
        expectDetail(postWait("{\"assistant_id\":", MediaType.APPLICATION_JSON), HttpStatus.UNPROCESSABLE_CONTENT,
                ErrorClassifier.INVALID_JSON);
    }

    @Test
    void anEmptyBodyIs422() {
        expectDetail(client.post().uri("/threads/6ba7b821-9dad-11d1-80b4-00c04fd430c8/runs/wait")
                .contentType(MediaType.APPLICATION_JSON).exchange(), HttpStatus.UNPROCESSABLE_CONTENT,
                ErrorClassifier.EMPTY_BODY);
    }

    @Test
    void bodiesWithoutContentTypeOrAsPlainTextAreReadAsJson() {
        postWait("{\"assistant_id\":\"echo\"}", null).expectStatus().isOk();
        postWait("{\"assistant_id\":\"echo\"}", MediaType.TEXT_PLAIN).expectStatus().isOk();
    }

    @Test
    void aBodyOfAnotherContentTypeIs422NotA415() {
        expectDetail(postWait("<run/>", MediaType.APPLICATION_XML), HttpStatus.UNPROCESSABLE_CONTENT,
                ErrorClassifier.NOT_JSON);
    }

    @Test
    void aBodyOverTheInMemoryLimitIs413() {
        String big = "{\"assistant_id\":\"echo\",\"input\":\"" + "x".repeat(BODY_LIMIT * 2) + "\"}";

        expectDetail(postWait(big, MediaType.APPLICATION_JSON), HttpStatus.CONTENT_TOO_LARGE, ErrorClassifier.TOO_LARGE);
    }

    @Test
    void aBadPathIdIs422() {
        expectDetail(client.get().uri("/threads/xyz").exchange(), HttpStatus.UNPROCESSABLE_CONTENT,
                "Invalid thread ID: must be a UUID");
    }

    @Test
    void apiExceptionsKeepTheirStatusAndDetail() {
        expectDetail(client.get().uri("/threads/6ba7b821-9dad-11d1-80b4-00c04fd430c8").exchange(),
                HttpStatus.NOT_FOUND, "Thread with ID 6ba7b821-9dad-11d1-80b4-00c04fd430c8 not found");
    }

    @Test
    void unavailableCarriesRetryAfterInWholeSeconds() {
        WebTestClient.ResponseSpec response = client.get().uri("/busy").exchange();

        response.expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "2");
        expectDetail(response, HttpStatus.SERVICE_UNAVAILABLE, "Too many requests in flight");
    }

    @Test
    void springStatusExceptionsKeepTheirReason() {
        expectDetail(client.get().uri("/gone").exchange(), HttpStatus.NOT_FOUND, "Run not found");
    }

    @Test
    void aBadQueryValueIs422() {
        expectDetail(client.get().uri("/items?limit=abc").exchange(), HttpStatus.UNPROCESSABLE_CONTENT,
                "Invalid value for 'limit'");
        expectDetail(client.get().uri("/items").exchange(), HttpStatus.UNPROCESSABLE_CONTENT,
                "Missing required query parameter 'limit'");
    }

    @Test
    void anUnknownRouteIs404Json() {
        expectDetail(client.get().uri("/nope").exchange(), HttpStatus.NOT_FOUND, "Not Found");
    }

    @Test
    void aWrongMethodIs405JsonWithAllow() {
        WebTestClient.ResponseSpec response = client.delete().uri("/busy").exchange();

        response.expectHeader().valueEquals(HttpHeaders.ALLOW, "GET");
        expectDetail(response, HttpStatus.METHOD_NOT_ALLOWED, "Method Not Allowed");
    }

    @Test
    void unexpectedFailuresAre500WithoutLeakingInternals() {
        expectDetail(client.get().uri("/boom").exchange(), HttpStatus.INTERNAL_SERVER_ERROR, ErrorClassifier.INTERNAL);
    }

    @Test
    void errorsAreJsonEvenForClientsThatOnlyAcceptEventStreams() {
        expectDetail(client.post().uri("/threads/xyz/runs/wait").accept(MediaType.TEXT_EVENT_STREAM)
                        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"assistant_id\":\"echo\"}").exchange(),
                HttpStatus.UNPROCESSABLE_CONTENT, "Invalid thread ID: must be a UUID");
    }
}
