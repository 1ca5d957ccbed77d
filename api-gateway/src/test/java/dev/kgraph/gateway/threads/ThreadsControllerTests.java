package dev.kgraph.gateway.threads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.gateway.runs.ScriptedSequencer;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The new thread endpoints against a scripted writer: what is sent to Kafka, and what the client gets back. */
class ThreadsControllerTests {
    private static final String THREAD = "6ba7b821-9dad-11d1-80b4-00c04fd430c8";

    private ScriptedSequencer writer;

    private WebTestClient client(Function<ScriptedSequencer.Sent, Reply> script) {
        writer = new ScriptedSequencer(script);
        return ScriptedSequencer.clientFor(new ThreadsController(writer.writer(), Clock.systemUTC()));
    }

    @Test
    void patchMergesMetadataThroughTheWriterAndAnswersTheThread() {
        var client = client(sent -> ScriptedSequencer.ok(sent.request(), Map.of("thread_id", THREAD,
                "metadata", Map.of("a", 1, "b", 2))));

        client.patch().uri("/threads/" + THREAD.toUpperCase()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"metadata\":{\"b\":2}}")
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.metadata.a").isEqualTo(1);

        assertThat(writer.requests()).singleElement().isInstanceOfSatisfying(ThreadRequest.PatchThread.class,
                patch -> {
                    assertThat(patch.threadId()).isEqualTo(THREAD);
                    assertThat(patch.metadata()).isEqualTo(Map.of("b", 2));
                });
    }

    @Test
    void patchWithPreferReturnMinimalAnswers204WithoutABody() {
        var client = client(sent -> ScriptedSequencer.ok(sent.request(), Map.of("thread_id", THREAD)));

        client.patch().uri("/threads/" + THREAD).header("Prefer", "handling=lenient, return=minimal")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"metadata\":{}}")
                .exchange()
                .expectStatus().isNoContent()
                .expectBody().isEmpty();
    }

    @Test
    void patchOfAMissingThreadIs404AndABadBodyIs422BeforeAnythingIsSent() {
        var client = client(sent -> ScriptedSequencer.failed(sent.request(), Reply.Outcome.NOT_FOUND,
                "Thread " + THREAD + " not found"));

        client.patch().uri("/threads/" + THREAD).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"metadata\":{\"x\":1}}")
                .exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.detail").isEqualTo("Thread " + THREAD + " not found");
        client.patch().uri("/threads/" + THREAD).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"metadata\":[1]}")
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("metadata: must be an object");

        assertThat(writer.requests()).hasSize(1);
    }

    @Test
    void deleteAnswers204AndAMissingThread404() {
        var client = client(sent -> ScriptedSequencer.ok(sent.request(), null));

        client.delete().uri("/threads/" + THREAD).exchange().expectStatus().isNoContent().expectBody().isEmpty();
        assertThat(writer.requests()).singleElement().isInstanceOf(ThreadRequest.DeleteThread.class);

        client(sent -> ScriptedSequencer.failed(sent.request(), Reply.Outcome.NOT_FOUND, "Thread not found"))
                .delete().uri("/threads/" + THREAD).exchange().expectStatus().isNotFound();
        client(sent -> ScriptedSequencer.ok(sent.request(), null))
                .delete().uri("/threads/not-a-uuid").exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("Invalid thread ID: must be a UUID");
        assertThat(writer.requests()).isEmpty();
    }

    @Test
    void searchAsksEveryPartitionForOffsetPlusLimitAndMergesTheAnswers() {
        var client = client(sent -> ScriptedSequencer.ok(sent.request(), switch (sent.partition()) {
            case 0 -> page(3, thread("c", "2026-11-22T10:00:03Z"), thread("a", "2026-11-22T10:00:01Z"));
            case 1 -> page(1, thread("d", "2026-11-22T10:00:04Z"));
            default -> page(0);
        }));

        client.post().uri("/threads/search").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"limit\":2,\"offset\":1,\"metadata\":{\"user\":\"u1\"},\"status\":\"idle\"}")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Pagination-Total", "4")
                .expectHeader().valueEquals("X-Pagination-Next", "3")
                .expectBody().jsonPath("$[*].thread_id").isEqualTo(List.of("c", "a"));

        assertThat(writer.sent()).extracting(ScriptedSequencer.Sent::partition).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(writer.requests()).allSatisfy(request -> assertThat(request)
                .isInstanceOfSatisfying(ThreadRequest.SearchThreads.class, search -> {
                    assertThat(search.limit()).isEqualTo(3);
                    assertThat(search.metadata()).isEqualTo(Map.of("user", "u1"));
                    assertThat(search.status()).isEqualTo("idle");
                    assertThat(search.sortBy()).isEqualTo("created_at");
                    assertThat(search.sortOrder()).isEqualTo("desc");
                }));
    }

    @Test
    void countSumsEveryPartitionsMatchesAndAsksForNoThreads() {
        var client = client(sent -> ScriptedSequencer.ok(sent.request(), switch (sent.partition()) {
            case 0 -> page(3);
            case 1 -> page(1);
            default -> page(0);
        }));

        client.post().uri("/threads/count").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"metadata\":{\"user\":\"u1\"},\"status\":\"busy\"}")
                .exchange()
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo("4");
        assertThat(writer.requests()).hasSize(3).allSatisfy(request -> assertThat(request)
                .isInstanceOfSatisfying(ThreadRequest.SearchThreads.class, search -> {
                    assertThat(search.limit()).isZero();
                    assertThat(search.metadata()).isEqualTo(Map.of("user", "u1"));
                    assertThat(search.status()).isEqualTo("busy");
                }));

        client.post().uri("/threads/count").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"status\":\"sleeping\",\"values\":[]}")
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail")
                .isEqualTo("status: must be one of idle, busy, interrupted, error; values: must be an object");
    }

    @Test
    void stateAtACheckpointInTheBodyAsksForThatCheckpoint() {
        var client = client(sent -> ScriptedSequencer.ok(sent.request(), Map.of("values", Map.of())));

        client.post().uri("/threads/" + THREAD + "/state/checkpoint").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"checkpoint\":{\"checkpoint_id\":\"cp-1\",\"checkpoint_ns\":\"\"},\"subgraphs\":true}")
                .exchange().expectStatus().isOk();
        client.post().uri("/threads/" + THREAD + "/state/checkpoint").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"checkpoint\":{}}")
                .exchange().expectStatus().isOk();
        assertThat(writer.requests()).extracting(request -> ((ThreadRequest.GetState) request).checkpointId())
                .containsExactly("cp-1", null);

        client.post().uri("/threads/" + THREAD + "/state/checkpoint").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"subgraphs\":\"yes\"}")
                .exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("checkpoint: is required; subgraphs: must be a boolean");
    }

    @Test
    void theLastPageHasNoNextHeader() {
        var client = client(sent -> ScriptedSequencer.ok(sent.request(),
                sent.partition() == 0 ? page(1, thread("a", "2026-11-22T10:00:01Z")) : page(0)));

        client.post().uri("/threads/search").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Pagination-Total", "1")
                .expectHeader().doesNotExist("X-Pagination-Next")
                .expectBody().jsonPath("$.length()").isEqualTo(1);
    }

    @Test
    void anInvalidSearchIs422AndReachesNoPartition() {
        var client = client(sent -> ScriptedSequencer.ok(sent.request(), page(0)));

        client.post().uri("/threads/search").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"limit\":5000,\"sort_order\":\"sideways\"}")
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("limit: must be an integer between 1 and 1000; "
                        + "sort_order: must be one of asc, desc");

        assertThat(writer.requests()).isEmpty();
    }

    @Test
    void updateStateSendsValuesNodeAndCheckpointAndAnswersTheNewCheckpoint() {
        var checkpoint = Map.of("checkpoint", Map.of("thread_id", THREAD, "checkpoint_ns", "",
                "checkpoint_id", "1f0-new", "checkpoint_map", Map.of()));
        var client = client(sent -> ScriptedSequencer.ok(sent.request(), checkpoint));

        client.post().uri("/threads/" + THREAD + "/state").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"values\":{\"n\":1},\"as_node\":\"increment\",\"checkpoint_id\":\"old\","
                        + "\"checkpoint\":{\"checkpoint_id\":\"1f0-base\"}}")
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.checkpoint.checkpoint_id").isEqualTo("1f0-new");

        assertThat(writer.requests()).singleElement().isInstanceOfSatisfying(ThreadRequest.UpdateState.class,
                update -> {
                    assertThat(update.values()).isEqualTo(Map.of("n", 1));
                    assertThat(update.asNode()).isEqualTo("increment");
                    assertThat(update.checkpointId()).isEqualTo("1f0-base");
                });
    }

    @Test
    void updateStateOfABusyThreadIs409WithTheWritersWords() {
        var busy = "Thread is busy with a running job. Cannot update state.";
        var client = client(sent -> ScriptedSequencer.failed(sent.request(), Reply.Outcome.CONFLICT, busy));

        client.post().uri("/threads/" + THREAD + "/state").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"values\":{\"n\":1}}")
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").isEqualTo(busy);
    }

    @Test
    void updateStateWithScalarValuesIs422() {
        var client = client(sent -> ScriptedSequencer.ok(sent.request(), Map.of()));

        client.post().uri("/threads/" + THREAD + "/state").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"values\":3,\"as_node\":7}")
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail")
                .isEqualTo("values: must be an object, a list or null; as_node: must be a string");
        assertThat(writer.requests()).isEmpty();
    }

    @Test
    void historyByPostReturnsOneEntryByDefaultAndReadsBeforeInEveryFormClientsSend() {
        var client = client(sent -> ScriptedSequencer.ok(sent.request(), List.of()));

        for (var body : List.of("{}", "{\"before\":\"cp-1\",\"limit\":3}",
                "{\"before\":{\"checkpoint_id\":\"cp-1\"},\"limit\":3}",
                "{\"before\":{\"configurable\":{\"checkpoint_id\":\"cp-1\"}},\"limit\":3}")) {
            client.post().uri("/threads/" + THREAD + "/history").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body).exchange().expectStatus().isOk();
        }

        var asked = writer.requests().stream().map(ThreadRequest.GetHistory.class::cast).toList();
        assertThat(asked).extracting(ThreadRequest.GetHistory::limit).containsExactly(1, 3, 3, 3);
        assertThat(asked).extracting(ThreadRequest.GetHistory::before).containsExactly(null, "cp-1", "cp-1", "cp-1");
    }

    @Test
    void historyByPostWithAMistypedLimitOrBeforeIs422NamingTheFieldNot500() {
        var client = client(sent -> ScriptedSequencer.ok(sent.request(), List.of()));

        for (var limit : List.of("{}", "\"\"", "true", "[\"values\"]", "1.5", "0", "123456789012345678901234567890")) {
            client.post().uri("/threads/" + THREAD + "/history").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"limit\":" + limit + "}").exchange()
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.detail").isEqualTo("limit: must be an integer between 1 and 1000");
        }
        for (var before : List.of("42", "[\"cp\"]", "{\"checkpoint_id\":7}")) {
            client.post().uri("/threads/" + THREAD + "/history").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"before\":" + before + "}").exchange()
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).startsWith("before: "));
        }
        client.post().uri("/threads/" + THREAD + "/history").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[1]").exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("body: must be a JSON object");
        assertThat(writer.requests()).isEmpty();
    }

    @SafeVarargs
    private static Map<String, Object> page(int total, Map<String, Object>... threads) {
        return Map.of("threads", List.of(threads), "total", total);
    }

    private static Map<String, Object> thread(String id, String createdAt) {
        var thread = new LinkedHashMap<String, Object>();
        thread.put("thread_id", id);
        thread.put("created_at", createdAt);
        thread.put("updated_at", createdAt);
        thread.put("status", "idle");
        return thread;
    }
}
