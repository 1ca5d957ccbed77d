package dev.kgraph.gateway.access;

import dev.kgraph.gateway.api.ApiExceptionAdvice;
import dev.kgraph.gateway.api.JsonBodyContentTypeFilter;
import dev.kgraph.gateway.api.JsonErrorWebExceptionHandler;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The app and requests shared by the CORS tests. */
final class CorsTestSupport {

    static final String PAGE = "http://127.0.0.1:5173";

    private CorsTestSupport() {
    }

    // @TestComponent keeps this and Endpoints out of the component scan of the tests that start the whole gateway
    // (Spring Boot's TestTypeExcludeFilter), where Endpoints' runs/wait would clash with the real one.
    @TestComponent
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({AccessConfiguration.class, ApiExceptionAdvice.class, JsonErrorWebExceptionHandler.class,
            JsonBodyContentTypeFilter.class, Endpoints.class})
    static class App {
    }

    @TestComponent
    @RestController
    static class Endpoints {
        @PostMapping("/threads/{threadId}/runs/wait")
        ResponseEntity<Map<String, Object>> wait(@PathVariable String threadId) {
            return ResponseEntity.ok().header("Content-Location", "/threads/" + threadId + "/runs/r-1")
                    .header("Location", "/threads/" + threadId + "/runs/r-1/join").body(Map.of("ok", true));
        }
    }

    static WebTestClient.ResponseSpec preflight(WebTestClient client, String origin) {
        return client.options().uri("/threads/t-1/runs/wait")
                .header(HttpHeaders.ORIGIN, origin)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
                .exchange();
    }

    static WebTestClient.ResponseSpec post(WebTestClient client, String origin) {
        return client.post().uri("/threads/t-1/runs/wait").header(HttpHeaders.ORIGIN, origin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
    }
}
