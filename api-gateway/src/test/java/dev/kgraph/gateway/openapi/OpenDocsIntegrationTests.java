package dev.kgraph.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With API keys and {@code kgraph.auth.open-docs=true}: the page and the document load without a key, the API not. */
@SpringBootTest(classes = DocsPageIntegrationTests.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"kgraph.auth.api-keys=secret", "kgraph.auth.open-docs=true"})
// the first request builds the document (springdoc scans every mapping): seconds on a loaded machine
@AutoConfigureWebTestClient(timeout = "PT60S")
class OpenDocsIntegrationTests {

    @Autowired
    private WebTestClient client;

    @Test
    void thePageAndTheDocumentNeedNoKey() {
        var redirect = client.get().uri("/docs").exchange().expectStatus().is3xxRedirection()
                .returnResult(Void.class).getResponseHeaders().getLocation();
        var page = URI.create("/docs").resolve(redirect).getPath();
        var dir = page.substring(0, page.lastIndexOf('/') + 1);

        client.get().uri(page).exchange().expectStatus().isOk();
        client.get().uri(dir + "swagger-ui-bundle.js").exchange().expectStatus().isOk();
        client.get().uri(dir + "swagger-initializer.js").exchange().expectStatus().isOk();
        client.get().uri("/openapi.json/swagger-config").exchange().expectStatus().isOk();
        client.get().uri("/openapi.json").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.securitySchemes.apiKey.name").isEqualTo("x-api-key");
    }

    @Test
    void theApiStillNeedsAKey() {
        client.post().uri("/threads/" + java.util.UUID.randomUUID() + "/runs/wait").bodyValue("{}").exchange()
                .expectStatus().isUnauthorized();
        client.post().uri("/threads/" + java.util.UUID.randomUUID() + "/runs/wait").header("x-api-key", "secret")
                .bodyValue("{}").exchange().expectStatus().isOk();
        assertThat(redirectsTo("/docs")).isTrue();
    }

    private boolean redirectsTo(String path) {
        return client.get().uri(path).exchange().returnResult(Void.class).getStatus().is3xxRedirection();
    }
}
