package dev.kgraph.gateway.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.gateway.GatewayApplication;
import dev.kgraph.model.assistants.AssistantRecord;
import dev.kgraph.model.topics.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A gateway alone on a real (embedded KRaft) broker: alive at once, but not ready, and {@code /ok} 503, until the
 * assistant registry holds a graph; then ready, {@code /ok} answers {@code {"ok":true}} and the graph is served.
 * Ready means what a caller can do: the readiness setting names the graph the gateway must know.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                "kgraph.topics.partitions=2", "kgraph.webhooks.enabled=false",
                "kgraph.gateway.readiness.graphs=echo"})
@EmbeddedKafka(partitions = 1)
@AutoConfigureWebTestClient
class GatewayReadinessTests {

    @Autowired
    WebTestClient client;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Test
    void readyOnlyOnceTheAssistantRegistryHoldsTheGraphsThenOkAndTheGraphAnswer() {
        client.get().uri("/actuator/health/liveness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody()
                .jsonPath("$.status").isEqualTo("DOWN")
                .jsonPath("$.components.assistants.status").isEqualTo("DOWN")
                .jsonPath("$.components.assistants.details.missing[0]").isEqualTo("echo")
                .jsonPath("$.components.kafkaTails.status").isEqualTo("UP");
        client.get().uri("/ok").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.detail").value(String.class,
                        detail -> assertThat(detail).contains("Not ready"));

        publish(assistant("other"));
        // a graph, but not the one readiness waits for: still not ready
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client.get()
                .uri("/actuator/health/readiness").exchange().expectBody()
                .jsonPath("$.components.assistants.details.graphs[0]").isEqualTo("other"));
        client.get().uri("/ok").exchange().expectStatus().isEqualTo(503);

        publish(assistant("echo"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                client.get().uri("/ok").exchange().expectStatus().isOk());

        client.get().uri("/ok").exchange().expectBody().json("{\"ok\":true}");
        client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        client.get().uri("/assistants/" + AssistantRecord.systemAssistantId("echo")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.graph_id").isEqualTo("echo");
    }

    @Test
    void prometheusShowsTheGatewayGaugesItsKafkaClientsAndRunsWaitCallsByOutcome() {
        client.post().uri("/runs/wait").header("Content-Type", "application/json").bodyValue("{\"input\":{}}")
                .exchange().expectStatus().is4xxClientError(); // no assistant_id

        var scrape = client.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(scrape)
                .contains("kgraph_gateway_waiters 0.0")
                .contains("kgraph_gateway_pending_requests 0.0")
                .contains("kgraph_gateway_sse_live 0.0")
                .contains("kgraph_gateway_sse_replaying 0.0")
                .containsPattern("kgraph_runs_wait_seconds_count\\{endpoint=\"stateless\",outcome=\"CLIENT_ERROR\"} 1")
                .containsPattern("kgraph_runs_wait_seconds_count\\{endpoint=\"stateless\",outcome=\"SUCCESS\"} 0")
                .containsPattern("kgraph_runs_wait_seconds_bucket\\{endpoint=\"thread\",outcome=\"SUCCESS\",le=\"3600.0\"} 0")
                .containsPattern("(?m)^kafka_producer_\\w+\\{")
                .containsPattern("(?m)^kafka_consumer_\\w+\\{");
    }

    private void publish(AssistantRecord record) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                Topics.ASSISTANTS.keySerde().serializer(), Topics.ASSISTANTS.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.ASSISTANTS.name(), record.assistantId(), record)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static AssistantRecord assistant(String graphId) {
        var now = "2026-01-01T00:00:00Z";
        return new AssistantRecord(AssistantRecord.systemAssistantId(graphId), graphId, graphId, null, now, now, 1,
                Map.of(), Map.of(), Map.of("created_by", "system"), Map.of(), Map.of());
    }
}
