/**
 * Operating the worker: its readiness health indicators ({@code sequencer}, {@code graphs}; docs/health.md) and its
 * Micrometer meters (docs/metrics.md), exposed by Spring Boot Actuator under {@code /actuator} on the worker's
 * management-only web server ({@code server.port}, 8124 by default).
 */
package dev.kgraph.worker.management;
