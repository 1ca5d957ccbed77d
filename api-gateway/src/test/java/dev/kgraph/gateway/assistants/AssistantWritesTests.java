package dev.kgraph.gateway.assistants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.gateway.runs.ScriptedSequencer;
import dev.kgraph.model.assistants.AssistantRecord;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Writes go to the assistant's writer and answer once the change reached this gateway's directory; bad input is a
 * 422 naming each field, system assistants are read-only, unknown graphs are 404.
 */
class AssistantWritesTests {
    private static final String ECHO = AssistantRecord.systemAssistantId("echo");
    private static final String MINE = "a0000000-0000-4000-8000-000000000001";

    private final AssistantDirectory directory = new AssistantDirectory();
    /** Stands in for the sequencer: answers at once, publishes to the directory a little later, as Kafka would. */
    private final ScriptedSequencer writer = new ScriptedSequencer(sent -> switch (sent.request()) {
        case ThreadRequest.CreateAssistant r -> publishLater(new AssistantRecord(r.assistantId(), r.graphId(),
                r.name(), r.description(), "2026-11-22T10:00:05Z", "2026-11-22T10:00:05Z", 1, r.config(),
                r.context(), r.metadata(), null, null), r);
        case ThreadRequest.PatchAssistant r -> publishLater(new AssistantRecord(r.assistantId(), "echo", r.name(),
                null, "2026-11-22T10:00:05Z", "2026-11-22T10:00:06Z", 2, Map.of(), Map.of(), Map.of(), null, null), r);
        default -> ScriptedSequencer.failed(sent.request(), Reply.Outcome.NOT_FOUND, "Assistant not found");
    });
    private final WebTestClient client = ScriptedSequencer.clientFor(new AssistantsController(directory,
            writer.writer()));

    AssistantWritesTests() {
        directory.onRecord(new AssistantRecord(ECHO, "echo", "echo", null, "2026-11-22T10:00:00Z",
                "2026-11-22T10:00:00Z", 1, Map.of(), Map.of(), Map.of("created_by", "system"),
                Map.of("nodes", List.of()), Map.of("graph_id", "echo")));
    }

    @Test
    void aCreatedAssistantIsReadableOnThisGatewayAsSoonAsTheCreateAnswers() {
        post("/assistants", "{\"graph_id\":\"echo\",\"assistant_id\":\"" + MINE + "\",\"metadata\":{\"team\":\"x\"}}")
                .expectStatus().isOk()
                .expectBody().jsonPath("$.version").isEqualTo(1).jsonPath("$.name").isEqualTo("Untitled");

        client.get().uri("/assistants/" + MINE).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.metadata.team").isEqualTo("x");
        client.get().uri("/assistants/" + MINE + "/graph").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.nodes").isArray();
        post("/assistants/count", "{\"graph_id\":\"echo\",\"metadata\":{\"team\":\"x\"}}").expectStatus().isOk()
                .expectBody(Integer.class).isEqualTo(1);
        post("/assistants/search", "{\"sort_by\":\"name\",\"sort_order\":\"asc\",\"select\":[\"assistant_id\"]}")
                .expectStatus().isOk()
                .expectBody().jsonPath("$[*].assistant_id").value(ids -> assertThat(ids).isEqualTo(List.of(MINE, ECHO)))
                .jsonPath("$[0].graph_id").doesNotExist();
        var create = (ThreadRequest.CreateAssistant) writer.requests().getFirst();
        assertThat(create.threadId()).as("the record key: the assistant's writer decides").isEqualTo(MINE);
    }

    @Test
    void aPatchAnswersTheNewVersionOnceTheDirectoryHasIt() {
        post("/assistants", "{\"graph_id\":\"echo\",\"assistant_id\":\"" + MINE + "\"}").expectStatus().isOk();

        client.patch().uri("/assistants/" + MINE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"renamed\"}").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.version").isEqualTo(2);
        client.get().uri("/assistants/" + MINE).exchange().expectBody().jsonPath("$.name").isEqualTo("renamed");
    }

    @Test
    void badFieldsAre422NamingEachField() {
        post("/assistants", "{\"assistant_id\":\"x\",\"graph_id\":7,\"config\":[],\"if_exists\":\"maybe\"}")
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.detail").isEqualTo(
                        "assistant_id: must be a UUID; graph_id: must be a string; config: must be an object; "
                                + "if_exists: must be one of raise, do_nothing");
        post("/assistants", "{\"graph_id\":\"echo\",\"config\":{\"tags\":[1],\"recursion_limit\":0,"
                + "\"configurable\":[]}}").expectStatus().isEqualTo(422).expectBody().jsonPath("$.detail").isEqualTo(
                        "config.tags: must be a list of strings; config.recursion_limit: must be an integer greater "
                                + "than 0; config.configurable: must be an object");
        client.patch().uri("/assistants/" + MINE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"config\":{\"recursion_limit\":1.5}}").exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("config.recursion_limit: must be an integer greater than 0");
        post("/assistants", "{}").expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("graph_id: is required");
        post("/assistants/" + MINE + "/latest", "{}").expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("version: is required");
        post("/assistants/" + MINE + "/latest", "{\"version\":0}").expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("version: must be an integer >= 1");
        post("/assistants/" + MINE + "/versions", "{\"limit\":0,\"metadata\":1}").expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo(
                        "limit: must be an integer between 1 and 1000; metadata: must be an object");
        post("/assistants/search", "{\"sort_by\":\"version\",\"select\":[\"nope\"]}").expectStatus().isEqualTo(422);
        client.patch().uri("/assistants/not-a-uuid").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("Invalid assistant ID: must be a UUID");
        client.get().uri("/assistants/echo/graph?xray=0").exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("Invalid xray value");
        client.get().uri("/assistants/echo/graph?xray=2").exchange().expectStatus().isOk();
        assertThat(writer.requests()).isEmpty();
    }

    @Test
    void unknownGraphsAre404AndSystemAssistantsAreReadOnly() {
        post("/assistants", "{\"graph_id\":\"nope\"}").expectStatus().isNotFound()
                .expectBody().jsonPath("$.detail").isEqualTo("Graph 'nope' not found");
        post("/assistants", "{\"graph_id\":\"echo\",\"assistant_id\":\"" + ECHO + "\"}")
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail").isEqualTo("Assistant already exists");
        post("/assistants", "{\"graph_id\":\"echo\",\"assistant_id\":\"" + ECHO + "\",\"if_exists\":\"do_nothing\"}")
                .expectStatus().isOk().expectBody().jsonPath("$.assistant_id").isEqualTo(ECHO);
        client.patch().uri("/assistants/echo").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(409);
        client.delete().uri("/assistants/" + ECHO).exchange().expectStatus().isEqualTo(409);
        post("/assistants/" + ECHO + "/versions", "{}").expectStatus().isOk()
                .expectBody().jsonPath("$[0].version").isEqualTo(1);
        post("/assistants/" + ECHO + "/latest", "{\"version\":2}").expectStatus().isNotFound();
        client.delete().uri("/assistants/" + MINE).exchange().expectStatus().isNotFound();
        assertThat(writer.requests()).hasSize(1); // only the delete of an unknown assistant reached a writer
    }

    private WebTestClient.ResponseSpec post(String uri, String body) {
        return client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private Reply publishLater(AssistantRecord record, ThreadRequest request) {
        CompletableFuture.runAsync(() -> directory.onRecord(record),
                CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
        return ScriptedSequencer.ok(request, record.toApi());
    }
}
