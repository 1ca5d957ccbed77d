package dev.kgraph.gateway.api;

import tools.jackson.databind.JsonNode;

/** One write of {@code command.update}: the value goes through the channel's reducer like a node's return value. */
public record StateUpdate(String key, JsonNode value) {
}
