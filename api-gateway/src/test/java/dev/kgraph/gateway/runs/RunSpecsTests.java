package dev.kgraph.gateway.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.gateway.api.RunRequestParser;
import dev.kgraph.model.assistants.AssistantRecord;
import dev.kgraph.model.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** A run merges its assistant's config, context and metadata under the request's (LangGraph's §4 merge). */
class RunSpecsTests {
    private static final String MINE = "a0000000-0000-4000-8000-000000000001";
    private static final AssistantRecord ASSISTANT = new AssistantRecord(MINE, "echo", "mine", null,
            "2026-11-22T10:00:00Z", "2026-11-22T10:00:00Z", 3,
            Map.of("tags", List.of("assistant"), "recursion_limit", 7,
                    "configurable", Map.of("model", "small", "shared", "assistant")),
            Map.of(), Map.of("team", "blue", "shared", "assistant"), null, null);

    @Test
    void theRequestWinsKeyByKeyOverTheAssistant() {
        var request = RunRequestParser.parse(Json.MAPPER.readTree("""
                {"assistant_id": "%s", "config": {"recursion_limit": 20, "configurable": {"shared": "run"}},
                 "metadata": {"shared": "run"}}""".formatted(MINE)));

        var run = RunSpecs.build(request, "thread-1", "run-1", ASSISTANT, false, Instant.EPOCH);

        @SuppressWarnings("unchecked")
        var config = (Map<String, Object>) run.kwargs().get("config");
        assertThat(config).containsEntry("tags", List.of("assistant")).containsEntry("recursion_limit", 20);
        assertThat(config.get("configurable")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("model", "small").containsEntry("shared", "run").containsEntry("graph_id", "echo")
                .containsEntry("assistant_id", MINE);
        assertThat(run.metadata()).containsEntry("team", "blue").containsEntry("shared", "run")
                .containsEntry("assistant_id", MINE);
        assertThat(run.graphId()).isEqualTo("echo");
    }

    @Test
    void theAssistantsContextIsTheRunsUnlessTheRequestSaysOtherwise() {
        var withContext = new AssistantRecord(MINE, "echo", "mine", null, "2026-11-22T10:00:00Z",
                "2026-11-22T10:00:00Z", 1, Map.of(), Map.of("tone", "dry", "lang", "en"), Map.of(), null, null);
        var request = RunRequestParser.parse(Json.MAPPER.readTree("""
                {"assistant_id": "%s", "context": {"lang": "fr"}}""".formatted(MINE)));

        var run = RunSpecs.build(request, "thread-1", "run-1", withContext, false, Instant.EPOCH);

        assertThat(run.kwargs().get("context")).isEqualTo(Map.of("tone", "dry", "lang", "fr"));
    }
}
