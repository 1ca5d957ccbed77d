package dev.kgraph.gateway.assistants;

import dev.kgraph.gateway.api.ApiException;
import dev.kgraph.gateway.api.BodyFields;
import dev.kgraph.gateway.api.Ids;
import dev.kgraph.model.assistants.AssistantRecord;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /assistants/*}: read-only views of the system assistants, answered from the in-memory directory. */
@Tag(name = "Assistants", description = "The system assistants, one per graph registered on the workers")
@RestController
class AssistantsController {
    private final AssistantDirectory directory;

    AssistantsController(AssistantDirectory directory) {
        this.directory = directory;
    }

    @Operation(summary = "Get Assistant")
    @GetMapping("/assistants/{assistantId}")
    Map<String, Object> get(@PathVariable String assistantId) {
        return find(assistantId).toApi();
    }

    @Operation(summary = "Get Assistant Graph")
    @GetMapping("/assistants/{assistantId}/graph")
    Map<String, Object> graph(@PathVariable String assistantId) {
        return find(assistantId).graph();
    }

    @Operation(summary = "Get Assistant Schemas")
    @GetMapping("/assistants/{assistantId}/schemas")
    Map<String, Object> schemas(@PathVariable String assistantId) {
        return find(assistantId).schemas();
    }

    @Operation(summary = "Get Assistant Subgraphs")
    @GetMapping("/assistants/{assistantId}/subgraphs")
    Map<String, Object> subgraphs(@PathVariable String assistantId) {
        find(assistantId);
        return Map.of();
    }

    @Operation(summary = "Search Assistants")
    @PostMapping("/assistants/search")
    ResponseEntity<List<Map<String, Object>>> search(@RequestBody(required = false) JsonNode body) {
        var fields = BodyFields.of(body);
        String graphId = fields.string("graph_id");
        String name = fields.string("name");
        JsonNode metadata = fields.objectNode("metadata");
        int limit = fields.integer("limit", 10, 1, 1000);
        int offset = fields.integer("offset", 0, 0, Integer.MAX_VALUE);
        fields.requireValid();
        var matches = directory.all().stream()
                .filter(a -> graphId == null || graphId.equals(a.graphId()))
                .filter(a -> name == null || a.name().toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT)))
                .filter(a -> metadataMatches(a, metadata))
                .sorted(Comparator.comparing(AssistantRecord::createdAt).reversed()
                        .thenComparing(AssistantRecord::graphId))
                .toList();
        var page = matches.stream().skip(offset).limit(limit).map(AssistantRecord::toApi).toList();
        var response = ResponseEntity.ok().header("X-Pagination-Total", String.valueOf(matches.size()));
        if (offset + page.size() < matches.size()) {
            response.header("X-Pagination-Next", String.valueOf(offset + page.size()));
        }
        return response.body(page);
    }

    /**
     * A registered graph's name stands for its system assistant, as on LangGraph Platform ({@code get_assistant_id}
     * maps it to {@code uuid5(graph)} first); anything else must be a UUID (422) of a known assistant (404).
     */
    private AssistantRecord find(String assistantId) {
        var system = directory.systemAssistantOf(assistantId);
        if (system.isPresent()) {
            return system.get();
        }
        var id = Ids.requireUuid(assistantId, "assistant ID").toString();
        return directory.byId(id).orElseThrow(() -> ApiException.notFound("Assistant '" + id + "' not found"));
    }

    private static boolean metadataMatches(AssistantRecord assistant, JsonNode filter) {
        if (filter == null || !filter.isObject()) {
            return true;
        }
        for (var entry : filter.properties()) {
            var actual = assistant.metadata().get(entry.getKey());
            if (actual == null || !entry.getValue().asString().equals(String.valueOf(actual))) {
                return false;
            }
        }
        return true;
    }
}
