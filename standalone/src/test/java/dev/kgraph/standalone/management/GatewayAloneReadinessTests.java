package dev.kgraph.standalone.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.awaitility.Awaitility.await;

import dev.kgraph.gateway.GatewayApplication;
import dev.kgraph.model.assistants.AssistantRecord;
import dev.kgraph.model.topics.Topics;
import dev.kgraph.standalone.broker.BrokerSettings;
import dev.kgraph.standalone.broker.KraftBroker;
import dev.kgraph.standalone.e2e.Api;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A gateway alone on a real (embedded KRaft) broker, no worker: alive at once, but not ready, and {@code /ok} 503,
 * until the assistant registry holds a graph; then ready, {@code /ok} answers {@code {"ok":true}} and the graph is
 * served. Ready means what a caller can do: the readiness setting names the graph the gateway must know. (Was in the
 * gateway's module on spring-kafka-test's broker, which does not start on Kafka 4.3; the project's own is here.)
 */
class GatewayAloneReadinessTests {

    @TempDir
    Path brokerDir;

    @Test
    void readyOnlyOnceTheAssistantRegistryHoldsTheGraphsThenOkAndTheGraphAnswer() {
        try (var broker = KraftBroker.start(BrokerSettings.singleNode(brokerDir));
             var context = gateway(broker);
             var api = new Api(Api.baseUrl(context))) {
            assertThat(api.get("/actuator/health/liveness").json()).containsEntry("status", "UP");
            var readiness = api.get("/actuator/health/readiness");
            assertThat(readiness.status()).isEqualTo(503);
            assertThat(readiness.json()).containsEntry("status", "DOWN");
            assertThat(component(readiness, "assistants")).containsEntry("status", "DOWN")
                    .extractingByKey("details").asInstanceOf(MAP).containsEntry("missing", List.of("echo"));
            assertThat(component(readiness, "kafkaTails")).containsEntry("status", "UP");
            var notReady = api.get("/ok");
            assertThat(notReady.status()).isEqualTo(503);
            assertThat((String) notReady.json().get("detail")).contains("Not ready");

            publish(broker, assistant("other"));
            // a graph, but not the one readiness waits for: still not ready
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(component(api.get("/actuator/health/readiness"), "assistants"))
                            .extractingByKey("details").asInstanceOf(MAP).containsEntry("graphs", List.of("other")));
            assertThat(api.get("/ok").status()).isEqualTo(503);

            publish(broker, assistant("echo"));
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/ok").status() == 200);

            assertThat(api.get("/ok").json()).isEqualTo(Map.of("ok", true));
            var ready = api.get("/actuator/health/readiness");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json()).containsEntry("status", "UP");
            var echo = api.get("/assistants/" + AssistantRecord.systemAssistantId("echo"));
            assertThat(echo.status()).isEqualTo(200);
            assertThat(echo.json()).containsEntry("graph_id", "echo");
        }
    }

    @Test
    void prometheusShowsTheGatewayGaugesItsKafkaClientsAndRunsWaitCallsByOutcome() {
        try (var broker = KraftBroker.start(BrokerSettings.singleNode(brokerDir));
             var context = gateway(broker);
             var api = new Api(Api.baseUrl(context))) {
            var noAssistant = api.post("/runs/wait", Map.of("input", Map.of()));
            assertThat(noAssistant.status()).as(noAssistant.body()).isBetween(400, 499);

            assertThat(api.get("/actuator/prometheus").body())
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
    }

    private static ConfigurableApplicationContext gateway(KraftBroker broker) {
        return new SpringApplicationBuilder(GatewayApplication.class)
                .properties(Map.of("spring.kafka.bootstrap-servers", broker.bootstrapServers(),
                        "server.port", 0, "server.address", "127.0.0.1", "kgraph.topics.partitions", 2,
                        "kgraph.webhooks.enabled", false, "kgraph.gateway.readiness.graphs", "echo"))
                .run();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> component(Api.Response health, String name) {
        var components = (Map<String, Object>) health.json().get("components");
        return (Map<String, Object>) components.get(name);
    }

    private static void publish(KraftBroker broker, AssistantRecord record) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
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
