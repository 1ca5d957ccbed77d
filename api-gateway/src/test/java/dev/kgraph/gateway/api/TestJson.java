package dev.kgraph.gateway.api;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Builds request bodies for tests from JSON text written with single quotes for readability. */
final class TestJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private TestJson() {
    }

    static JsonNode json(String singleQuoted) {
        return MAPPER.readTree(singleQuoted.replace('\'', '"'));
    }
}
