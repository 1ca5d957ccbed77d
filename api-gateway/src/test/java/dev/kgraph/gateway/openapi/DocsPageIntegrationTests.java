package dev.kgraph.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.gateway.access.AccessConfiguration;
import dev.kgraph.gateway.api.ApiExceptionAdvice;
import dev.kgraph.gateway.api.JsonBodyContentTypeFilter;
import dev.kgraph.gateway.api.JsonErrorWebExceptionHandler;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /openapi.json} and the {@code /docs} page with the gateway's defaults, filters and JSON error handler: the
 * page's static resources are served as they are (not turned into JSON errors), and path parameters carry LangGraph
 * Platform's names. Every real route being documented is checked on the standalone server.
 */
@SpringBootTest(classes = DocsPageIntegrationTests.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// the first request builds the document (springdoc scans every mapping): seconds on a loaded machine
@AutoConfigureWebTestClient(timeout = "PT60S")
class DocsPageIntegrationTests {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @PropertySource("classpath:kgraph-gateway-defaults.properties")
    @Import({OpenApiConfiguration.class, AccessConfiguration.class, ApiExceptionAdvice.class,
            JsonErrorWebExceptionHandler.class, JsonBodyContentTypeFilter.class, Endpoints.class})
    static class App {
    }

    @RestController
    static class Endpoints {
        @PostMapping("/threads/{threadId}/runs/wait")
        Map<String, Object> wait(@PathVariable String threadId) {
            return Map.of();
        }
    }

    @Autowired
    private WebTestClient client;

    @Test
    void theDocumentListsTheRoutesWithLangGraphParameterNames() {
        client.get().uri("/openapi.json").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.openapi").value(v -> assertThat(v.toString()).startsWith("3."))
                .jsonPath("$.paths['/threads/{thread_id}/runs/wait'].post").exists()
                .jsonPath("$.paths['/threads/{thread_id}/runs/wait'].post.parameters[0].name").isEqualTo("thread_id")
                .jsonPath("$.paths['/threads/{threadId}/runs/wait']").doesNotExist()
                .jsonPath("$.components.securitySchemes").doesNotExist();
    }

    @Test
    void docsLeadsToTheSwaggerUiPageAndItsResources() {
        var redirect = client.get().uri("/docs").exchange()
                .expectStatus().is3xxRedirection()
                .returnResult(Void.class).getResponseHeaders().getLocation();
        assertThat(redirect).isNotNull();
        var page = URI.create("/docs").resolve(redirect).getPath();
        assertThat(page).endsWith("/index.html");
        var dir = page.substring(0, page.lastIndexOf('/') + 1);

        var html = client.get().uri(page).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("swagger-ui");

        client.get().uri(dir + "swagger-ui.css").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.valueOf("text/css"));
        client.get().uri(dir + "swagger-ui-bundle.js").exchange().expectStatus().isOk();
        client.get().uri(dir + "swagger-initializer.js").exchange().expectStatus().isOk()
                .expectBody(String.class).value(js -> assertThat(js).contains("/openapi.json"));
    }

    @Test
    void theUiConfigurationPointsAtTheDocument() {
        client.get().uri("/openapi.json/swagger-config").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.url").isEqualTo("/openapi.json");
    }
}
