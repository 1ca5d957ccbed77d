/**
 * Durable webhook delivery: run completions become delivery requests on {@code kgraph.webhooks}, delivered with
 * non-blocking retries (retry topics, dead-letter topic), signed, checked against a URL policy, and reported to the
 * run's thread writer.
 */
package dev.kgraph.gateway.webhooks;
