package dev.kgraph.gateway.access;

import static dev.kgraph.gateway.access.CorsTestSupport.PAGE;
import static dev.kgraph.gateway.access.CorsTestSupport.post;
import static dev.kgraph.gateway.access.CorsTestSupport.preflight;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** CORS with the defaults (every origin, as LangGraph Platform), as a browser sees it, on a real Netty server. */
@SpringBootTest(classes = CorsTestSupport.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class CorsDefaultsIntegrationTests {

    @Autowired
    private WebTestClient client;

    @Test
    void aPreflightFromAnyOriginIsAllowed() {
        preflight(client, PAGE).expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, m -> assertThat(m).contains("POST"))
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
                        h -> assertThat(h.toLowerCase()).contains("content-type"))
                .expectHeader().exists(HttpHeaders.ACCESS_CONTROL_MAX_AGE);
    }

    @Test
    void anActualResponseAllowsTheOriginAndExposesTheRunLocations() {
        post(client, PAGE).expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, exposed -> assertThat(exposed)
                        .contains("Content-Location", "Location", "X-Pagination-Total", "X-Pagination-Next"));
    }

    @Test
    void anErrorResponseCarriesTheCorsHeadersToo() {
        client.get().uri("/nothing").header(HttpHeaders.ORIGIN, PAGE).exchange()
                .expectStatus().isNotFound()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    }

    @Test
    void aRequestWithoutOriginGetsNoCorsHeaders() {
        client.post().uri("/threads/t-1/runs/wait").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }
}
