package dev.kgraph.standalone;

import dev.kgraph.gateway.assistants.AssistantDirectory;
import dev.kgraph.model.assistants.AssistantRecord;
import dev.kgraph.worker.graphs.GraphRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What only the standalone server can check, having the gateway and the worker in one context: readiness indicator
 * {@code localGraphs} is {@code UP} once the gateway knows every graph of its worker, so the first run after a start
 * finds its graph (the gateway learns assistants from Kafka, a moment after the worker published them).
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
}
