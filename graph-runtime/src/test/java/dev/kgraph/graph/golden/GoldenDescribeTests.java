package dev.kgraph.graph.golden;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each golden graph drawn by {@code CompiledGraph.describe()} matches LangGraph.js's drawing
 * ({@code golden/describe/<graph>.json}, what {@code GET /assistants/{id}/graph} serves): the same node ids and
 * types in the same order, and the same edges (source, target, conditional, label). This also checks that
 * {@link GoldenGraphs} mirrors {@code graphs.mjs}. Node {@code data} is not compared: it names implementation classes.
 */
class GoldenDescribeTests {

    private static final Path DIRECTORY = GoldenCase.DIRECTORY.resolveSibling("describe");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<Path> drawings() throws IOException {
        try (Stream<Path> listing = Files.list(DIRECTORY)) {
            List<Path> files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertThat(files).as("graph drawings in %s", DIRECTORY.toAbsolutePath()).isNotEmpty();
            return files.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drawings")
    @SuppressWarnings("unchecked")
    void describeDrawsTheGraphLikeLangGraphJs(Path file) {
        Map<String, Object> expected = JSON.readValue(file.toFile(), Map.class);
        Map<String, Object> described = GoldenGraphs.compile((String) expected.get("graph")).describe();

        Map<String, Object> actual = new LinkedHashMap<>();
        actual.put("nodes", ((List<Map<String, Object>>) described.get("nodes")).stream().map(GoldenDescribeTests::node).toList());
        actual.put("edges", edges((List<Map<String, Object>>) described.get("edges")));

        assertThat(JsonValues.differences(expected.get("nodes"), actual.get("nodes"), 20)).as("nodes of %s", file).isEmpty();
        assertThat(JsonValues.differences(expected.get("edges"), actual.get("edges"), 20)).as("edges of %s", file).isEmpty();
    }

    private static Map<String, Object> node(Map<String, Object> node) {
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("id", node.get("id"));
        kept.put("type", node.get("type"));
        return kept;
    }

    /** Edges reduced and sorted as generate.mjs does: by source, then target, in code-unit order. */
    private static List<Map<String, Object>> edges(List<Map<String, Object>> edges) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> edge : edges) {
            Map<String, Object> kept = new LinkedHashMap<>();
            kept.put("source", edge.get("source"));
            kept.put("target", edge.get("target"));
            kept.put("conditional", Boolean.TRUE.equals(edge.get("conditional")));
            if (edge.get("data") != null) {
                kept.put("data", edge.get("data"));
            }
            out.add(kept);
        }
        out.sort(Comparator.comparing(e -> e.get("source") + "\u0000" + e.get("target")));
        return out;
    }
}
