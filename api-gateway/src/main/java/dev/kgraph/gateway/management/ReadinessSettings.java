package dev.kgraph.gateway.management;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Gateway readiness settings ({@code kgraph.gateway.readiness.*}).
 *
 * @param graphs graph ids this gateway must know (from {@code kgraph.assistants}) before it reports ready. Empty
 *               (the default): at least one graph. Workers publish their graphs when they start, one record each, so
 *               with several graphs a gateway may know some a moment before the others; naming them here makes
 *               readiness wait for all of them
 */
@ConfigurationProperties("kgraph.gateway.readiness")
public record ReadinessSettings(@DefaultValue List<String> graphs) {
}
