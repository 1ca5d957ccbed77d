package dev.kgraph.standalone;

import dev.kgraph.gateway.assistants.AssistantDirectory;
import dev.kgraph.model.assistants.AssistantRecord;
import dev.kgraph.worker.graphs.GraphRegistry;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What only the standalone server can check, having the gateway and the worker in one context: readiness indicator
 * {@code localGraphs} is {@code UP} once the gateway knows every graph of its worker, so the first run after a start
 * finds its graph (the gateway learns assistants from Kafka, a moment after the worker published them); and the
 * {@link StartupGate}, which holds API requests that come before readiness instead of letting them fail.
 */
@Configuration(proxyBeanMethods = false)
public class StandaloneHealthConfiguration {

    @Bean
    HealthIndicator localGraphsHealthIndicator(GraphRegistry graphs, AssistantDirectory assistants) {
        return () -> {
            var missing = graphs.providers().keySet().stream()
                    .filter(graphId -> assistants.byId(AssistantRecord.systemAssistantId(graphId)).isEmpty())
                    .sorted().toList();
            return (missing.isEmpty() ? Health.up() : Health.down())
                    .withDetail("graphs", graphs.providers().keySet().stream().sorted().toList())
                    .withDetail("unknown_to_gateway", missing)
                    .build();
        };
    }

    /**
     * Holds API requests until readiness is {@code UP} (at most {@code kgraph.standalone.startup-hold}, default 30 s,
     * then 503 with {@code Retry-After}). Without the health endpoint (Actuator turned off) nothing is held.
     */
    @Bean
    StartupGate startupGate(ObjectProvider<HealthEndpoint> health,
                            @Value("${kgraph.standalone.startup-hold:30s}") Duration hold) {
        return new StartupGate(() -> {
            var endpoint = health.getIfAvailable();
            var readiness = endpoint == null ? null : endpoint.healthForPath("readiness");
            return readiness == null || Status.UP.equals(readiness.getStatus());
        }, hold);
    }
}
