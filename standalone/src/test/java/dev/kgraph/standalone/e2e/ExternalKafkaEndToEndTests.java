package dev.kgraph.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.gateway.GatewayApplication;
import dev.kgraph.worker.WorkerApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The gateway and the worker as separate applications against an external Kafka (the official {@code apache/kafka}
 * image). Skipped where no Docker engine runs; the in-JVM broker tests cover the same behaviour everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class ExternalKafkaEndToEndTests {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.3.2");

    @TempDir
    Path stateDir;

    @Test
    void aGatewayAndAWorkerTalkingOnlyThroughKafkaAnswerRunsWait() {
        var kafka = Map.<String, Object>of("spring.kafka.bootstrap-servers", KAFKA.getBootstrapServers());
        try (var worker = new SpringApplicationBuilder(WorkerApplication.class).properties(kafka)
                .properties(Map.of("kgraph.worker.state-dir", stateDir.toString(),
                        "spring.main.web-application-type", "none")).run();
             var gateway = new SpringApplicationBuilder(GatewayApplication.class).properties(kafka)
                     .properties(Map.of("server.port", 0, "server.address", "127.0.0.1")).run();
             var api = new Api(Api.baseUrl(gateway))) {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    api.get("/assistants/046b5dc7-2108-582c-9c6c-31d556d138f0").status() == 200);

            var response = api.waitOnNewThread("echo",
                    Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))));

            assertThat(response.json()).isEqualTo(Map.of("messages", List.of(
                    Map.of("role", "user", "content", "hi"), Map.of("role", "ai", "content", "echo: hi"))));
        }
    }
}
