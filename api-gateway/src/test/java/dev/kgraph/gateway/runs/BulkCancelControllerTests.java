package dev.kgraph.gateway.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code POST /runs/cancel}: where each form of the body is sent, and which bodies are refused. */
class BulkCancelControllerTests {
    private static final String THREAD = "6ba7b821-9dad-11d1-80b4-00c04fd430c8";
    private static final String RUN_A = "1f0c0ffe-0000-7000-8000-00000000000a";
    private static final String RUN_B = "1f0c0ffe-0000-7000-8000-00000000000b";

    private ScriptedSequencer writer;

    private WebTestClient client(Function<ScriptedSequencer.Sent, Reply> script) {
        writer = new ScriptedSequencer(script);
        return ScriptedSequencer.clientFor(new BulkCancelController(writer.writer()));
    }

    private static Reply cancelled(ScriptedSequencer.Sent sent) {
        return ScriptedSequencer.ok(sent.request(), Map.of("cancelled", 1, "missing", List.of()));
    }

    @Test
    void namedRunsGoToTheirThreadsWriterOnce() {
        client(BulkCancelControllerTests::cancelled)
                .post().uri("/runs/cancel?action=rollback").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"thread_id\":\"" + THREAD.toUpperCase() + "\",\"run_ids\":[\"" + RUN_A + "\",\""
                        + RUN_B.replace("-", "") + "\"]}")
                .exchange()
                .expectStatus().isNoContent().expectBody().isEmpty();

        assertThat(writer.sent()).singleElement().satisfies(sent -> {
            assertThat(sent.partition()).isNull(); // keyed by the thread, like every request about it
            assertThat(sent.request()).isInstanceOfSatisfying(ThreadRequest.CancelRuns.class, cancel -> {
                assertThat(cancel.threadId()).isEqualTo(THREAD);
                assertThat(cancel.runIds()).containsExactly(RUN_A, RUN_B);
                assertThat(cancel.status()).isNull();
                assertThat(cancel.action()).isEqualTo("rollback");
            });
        });
    }

    @Test
    void runsChosenByStatusAreCancelledByEveryPartition() {
        client(BulkCancelControllerTests::cancelled)
                .post().uri("/runs/cancel").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"status\":\"pending\",\"thread_id\":null}")
                .exchange()
                .expectStatus().isNoContent();

        assertThat(writer.sent()).extracting(ScriptedSequencer.Sent::partition).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(writer.requests()).allSatisfy(request -> assertThat(request)
                .isInstanceOfSatisfying(ThreadRequest.CancelRuns.class, cancel -> {
                    assertThat(cancel.status()).isEqualTo("pending");
                    assertThat(cancel.runIds()).isNull();
                    assertThat(cancel.action()).isEqualTo("interrupt");
                }));
    }

    @Test
    void runsThatCannotAllBeCancelledAre404() {
        client(sent -> ScriptedSequencer.failed(sent.request(), Reply.Outcome.NOT_FOUND,
                "Some runs were not found or not cancelable."))
                .post().uri("/runs/cancel").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"thread_id\":\"" + THREAD + "\",\"run_ids\":[\"" + RUN_A + "\"]}")
                .exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.detail").isEqualTo("Some runs were not found or not cancelable.");
    }

    @Test
    void mixingNeitherOrBadFormsAre422AndCancelNothing() {
        var client = client(BulkCancelControllerTests::cancelled);

        expect422(client, "{\"status\":\"all\",\"thread_id\":\"" + THREAD + "\"}",
                "body: give either thread_id and run_ids, or status, not both");
        expect422(client, "{}", "body: give either thread_id and run_ids, or status");
        expect422(client, "{\"thread_id\":\"" + THREAD + "\"}", "body: give either thread_id and run_ids, or status");
        expect422(client, "{\"status\":\"success\"}", "status: must be one of pending, running, all");
        expect422(client, "{\"thread_id\":\"t1\",\"run_ids\":[]}",
                "thread_id: must be a UUID; run_ids: must be a non-empty list of UUIDs");
        expect422(client, "[]", "body: must be a JSON object");
        client.post().uri("/runs/cancel?action=pause").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"status\":\"all\"}")
                .exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("action: must be one of interrupt, rollback");

        assertThat(writer.requests()).isEmpty();
    }

    private static void expect422(WebTestClient client, String body, String detail) {
        client.post().uri("/runs/cancel").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo(detail);
    }
}
