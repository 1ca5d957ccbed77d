package dev.kgraph.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.standalone.Standalone;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Threads, assistants and system endpoints through HTTP on the standalone system. */
class ThreadsAndAssistantsEndToEndTests {
    private static final String ECHO_ASSISTANT = "046b5dc7-2108-582c-9c6c-31d556d138f0";

    @TempDir
    static Path dataDir;
    static Standalone system;
    static Api api;

    @BeforeAll
    static void start() {
        system = Standalone.start(dataDir, 0, Map.of());
        api = new Api(system.baseUrl());
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/assistants/" + ECHO_ASSISTANT).status() == 200);
    }

    @AfterAll
    static void stop() {
        api.close();
        system.close();
    }

    @Test
    void systemEndpointsAnswer() {
        assertThat(api.get("/ok").json()).isEqualTo(Map.of("ok", true));
        assertThat(api.get("/info").json()).containsKeys("version", "flags");
    }

    @Test
    void eachGraphHasASystemAssistantWithTheReferenceId() {
        var echo = api.get("/assistants/" + ECHO_ASSISTANT).json();
        assertThat(echo).containsEntry("graph_id", "echo").containsEntry("metadata", Map.of("created_by", "system"));

        var all = api.post("/assistants/search", Map.of("limit", 100));
        assertThat(all.jsonList()).extracting(a -> a.get("graph_id"))
                .containsExactlyInAnyOrder("echo", "counter", "hitl", "slow", "fail", "chat", "emitter", "memory");
        assertThat(all.header("x-pagination-total")).isEqualTo("8");
        assertThat(api.post("/assistants/search", Map.of("graph_id", "counter")).jsonList()).hasSize(1);
        assertThat(api.get("/assistants/" + ECHO_ASSISTANT + "/graph").json()).containsKeys("nodes", "edges");
        assertThat(api.get("/assistants/" + ECHO_ASSISTANT + "/schemas").json())
                .containsEntry("graph_id", "echo").containsKey("state_schema");
        assertThat(api.get("/assistants/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void threadsAreCreatedReadAndRejectedWhenDuplicated() {
        var threadId = UUID.randomUUID().toString();
        var created = api.post("/threads", Map.of("thread_id", threadId, "metadata", Map.of("owner", "me")));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json()).containsEntry("thread_id", threadId).containsEntry("status", "idle")
                .containsEntry("metadata", Map.of("owner", "me")).containsKeys("created_at", "updated_at");

        assertThat(api.get("/threads/" + threadId).json()).containsEntry("thread_id", threadId);
        assertThat(api.post("/threads", Map.of("thread_id", threadId)).status()).isEqualTo(409);
        assertThat(api.post("/threads", Map.of("thread_id", threadId, "if_exists", "do_nothing")).json())
                .containsEntry("metadata", Map.of("owner", "me"));
        assertThat(api.get("/threads/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(api.post("/threads", Map.of()).json().get("thread_id")).isNotNull();
    }

    @Test
    void stateAndHistoryFollowTheCheckpoints() {
        var threadId = UUID.randomUUID().toString();
        api.post("/threads", Map.of("thread_id", threadId));
        var empty = api.get("/threads/" + threadId + "/state").json();
        assertThat(empty).containsEntry("values", Map.of()).containsEntry("next", List.of())
                .containsEntry("checkpoint", null);

        api.post("/threads/" + threadId + "/runs/wait", Map.of("assistant_id", "counter", "input", Map.of()));

        var state = api.get("/threads/" + threadId + "/state").json();
        assertThat(state.get("values")).isEqualTo(Map.of("count", 2, "log", List.of("a", "b")));
        assertThat(state.get("next")).isEqualTo(List.of());
        assertThat(state).containsKeys("metadata", "created_at", "checkpoint", "parent_checkpoint");
        var history = api.get("/threads/" + threadId + "/history?limit=10").jsonList();
        assertThat(history).extracting(h -> h.get("next"))
                .containsExactly(List.of(), List.of("b"), List.of("a"), List.of("__start__"));
        assertThat(api.get("/threads/" + threadId + "/history").jsonList()).hasSize(1);
        var thread = api.get("/threads/" + threadId).json();
        assertThat(thread).containsEntry("status", "idle")
                .containsEntry("values", Map.of("count", 2, "log", List.of("a", "b")));
    }
}
