/**
 * Operating the gateway: its readiness health indicators ({@code kafkaTails}, {@code assistants}; docs/health.md) and
 * its Micrometer meters (docs/metrics.md), exposed by Spring Boot Actuator under {@code /actuator}.
 */
package dev.kgraph.gateway.management;
