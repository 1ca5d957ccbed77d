package dev.kgraph.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Gateway settings ({@code kgraph.gateway.*}).
 *
 * @param instanceId        this replica's address for replies; unique per process (random by default)
 * @param requestTimeout    how long to wait for the thread writer's reply before answering 503
 * @param keepAlive         interval of the newline keep-alives of {@code runs/wait} and {@code join} (LangGraph: 5 s)
 * @param maxPendingRequests requests awaiting a reply at once; beyond it the gateway answers 503 with Retry-After
 * @param maxWaiters        callers waiting for run completions at once; beyond it the gateway answers 503
 */
@ConfigurationProperties("kgraph.gateway")
public record GatewaySettings(String instanceId,
                              @DefaultValue("30s") Duration requestTimeout,
                              @DefaultValue("5s") Duration keepAlive,
                              @DefaultValue("20000") int maxPendingRequests,
                              @DefaultValue("50000") int maxWaiters) {

    public GatewaySettings {
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = "gateway-" + java.util.UUID.randomUUID();
        }
    }
}
