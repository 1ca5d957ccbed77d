package dev.kgraph.gateway.access;

import static dev.kgraph.gateway.access.CorsTestSupport.post;
import static dev.kgraph.gateway.access.CorsTestSupport.preflight;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** CORS restricted through {@code kgraph.cors.*}: only the configured origins and methods pass. */
@SpringBootTest(classes = CorsTestSupport.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "kgraph.cors.allow-origins=https://app.example.com,http://localhost:[*]",
                "kgraph.cors.allow-credentials=true",
                "kgraph.cors.allow-methods=GET,POST",
                "kgraph.cors.expose-headers=Content-Location"})
@AutoConfigureWebTestClient
class CorsConfiguredOriginsIntegrationTests {

    @Autowired
    private WebTestClient client;

    @Test
    void aConfiguredOriginIsEchoedWithCredentials() {
        preflight(client, "https://app.example.com").expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.example.com")
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        post(client, "http://localhost:3000").expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:3000")
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, "Content-Location");
    }

    @Test
    void anotherOriginIsRefused() {
        preflight(client, "https://evil.example.org").expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        post(client, "https://evil.example.org").expectStatus().isForbidden();
    }

    @Test
    void aMethodNotConfiguredIsRefusedInThePreflight() {
        client.options().uri("/threads/t-1/runs/wait").header(HttpHeaders.ORIGIN, "https://app.example.com")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "DELETE").exchange()
                .expectStatus().isForbidden();
    }
}
