package dev.kgraph.gateway.assistants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.gateway.runs.ScriptedSequencer;
import dev.kgraph.model.assistants.AssistantRecord;
import dev.kgraph.model.replies.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code POST /assistants/search}: filters and paging, and a clear 422 for every mistyped field (never a 500). */
class AssistantsControllerTests {

    private final WebTestClient client = clientWith(
            assistant("6ba7b821-9dad-11d1-80b4-000000000001", "echo", "2026-11-22T10:00:00Z"),
            assistant("6ba7b821-9dad-11d1-80b4-000000000002", "counter", "2026-11-22T10:00:01Z"),
            assistant("6ba7b821-9dad-11d1-80b4-000000000003", "slow", "2026-11-22T10:00:02Z"));

    @Test
    void searchFiltersByGraphAndPagesNewestFirst() {
        client.post().uri("/assistants/search").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"limit\":2}").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Pagination-Total", "3")
                .expectHeader().valueEquals("X-Pagination-Next", "2")
                .expectBody().jsonPath("$[*].graph_id").value(ids -> assertThat(ids).isEqualTo(List.of("slow", "counter")));
        client.post().uri("/assistants/search").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"graph_id\":\"echo\",\"metadata\":{\"created_by\":\"system\"}}").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1);
    }

    @Test
    void aGraphNameStandsForItsSystemAssistantWhereverAnIdGoes() {
        var echo = AssistantRecord.systemAssistantId("echo");
        var client = clientWith(assistant(echo, "echo", "2026-11-22T10:00:00Z"));

        for (var path : List.of("/assistants/echo", "/assistants/" + echo)) {
            client.get().uri(path).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.assistant_id").isEqualTo(echo);
        }
        client.get().uri("/assistants/echo/graph").exchange().expectStatus().isOk();
        client.get().uri("/assistants/echo/schemas").exchange().expectStatus().isOk();
        client.get().uri("/assistants/no-such-graph").exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("Invalid assistant ID: must be a UUID");
        client.get().uri("/assistants/6ba7b821-9dad-11d1-80b4-00000000ffff").exchange().expectStatus().isNotFound();
    }

    @Test
    void mistypedFieldsAre422NamingEachOfThem() {
        for (var limit : List.of("{}", "\"\"", "true", "[\"values\"]", "1.5", "0", "1001")) {
            client.post().uri("/assistants/search").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"limit\":" + limit + "}").exchange()
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.detail").isEqualTo("limit: must be an integer between 1 and 1000");
        }
        client.post().uri("/assistants/search").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"graph_id\":7,\"metadata\":[],\"offset\":{}}").exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo(
                        "graph_id: must be a string; metadata: must be an object; offset: must be an integer >= 0");
        client.post().uri("/assistants/search").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("\"text\"").exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("body: must be a JSON object");
    }

    private static WebTestClient clientWith(AssistantRecord... records) {
        var directory = new AssistantDirectory();
        for (var record : records) {
            directory.onRecord(record);
        }
        // the writer knows no created assistant
        var writer = new ScriptedSequencer(sent -> ScriptedSequencer.failed(sent.request(), Reply.Outcome.NOT_FOUND,
                "Assistant not found"));
        return ScriptedSequencer.clientFor(new AssistantsController(directory, writer.writer()));
    }

    private static AssistantRecord assistant(String id, String graph, String createdAt) {
        return new AssistantRecord(id, graph, graph, null, createdAt, createdAt, 1, Map.of(), Map.of(),
                Map.of("created_by", "system"), Map.of(), Map.of());
    }
}
