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

    /**
     * A chat of 40 runs on one thread (durability sync and async): its checkpoints are stored as the messages
     * appended since an earlier checkpoint, its values as the id of the checkpoint holding them (read from the
     * changelogs), its answers reach the gateway once, from the execution beside it (a run nobody waits for
     * sends them on Kafka), and every read sees them whole: each run's answer, the thread, its state, its history,
     * a copy, and the state after pruning; a run after the prune continues the chat.
     */
    @Test
    void aLongChatIsStoredAsAppendedMessagesAndEveryReadSeesItWhole() {
        var threadId = UUID.randomUUID().toString();
        api.post("/threads", Map.of("thread_id", threadId));
        var expected = new java.util.ArrayList<String>();
        for (int i = 0; i < 40; i++) {
            // every third run saves each checkpoint as it is made (one record each), the others with the run's end
            var answer = api.post("/threads/" + threadId + "/runs/wait", Map.of("assistant_id", "echo",
                    "durability", i % 3 == 0 ? "sync" : "async",
                    "input", Map.of("messages", List.of(Map.of("role", "user", "content", "m" + i)))));
            expected.add("m" + i);
            expected.add("echo: m" + i);
            assertThat(contents(answer.json())).as("answer of run %d", i).isEqualTo(expected);
        }
        assertThat(contents(stateValues(threadId))).isEqualTo(expected);

        var history = api.get("/threads/" + threadId + "/history?limit=1000").jsonList();
        assertThat(history).hasSize(120); // input, after the input, after the node: three per run
        for (int i = 0; i < history.size(); i++) {
            @SuppressWarnings("unchecked")
            var values = (Map<String, Object>) history.get(i).get("values");
            var messages = contents(values);
            int run = 39 - i / 3;
            int size = switch (i % 3) { case 0 -> 2 * run + 2; case 1 -> 2 * run + 1; default -> 2 * run; };
            assertThat(messages).as("history item %d", i).isEqualTo(expected.subList(0, size));
        }
        assertThat(changelog("-thread-state-changelog", "c/" + threadId).stream()
                .filter(value -> value != null && value.startsWith("{\"appended_to\":")).count())
                .as("checkpoints stored as appended messages").isGreaterThan(60);
        // the thread's values (its conversation) are not stored again: the values store names the checkpoint
        // holding them, once per run
        assertThat(contents(thread(threadId))).isEqualTo(expected);
        assertThat(changelog("-thread-state-changelog", "t/" + threadId).getLast()).doesNotContain("\"values\"");
        var lastCheckpoint = (String) ((Map<?, ?>) api.get("/threads/" + threadId + "/state").json()
                .get("checkpoint")).get("checkpoint_id");
        assertThat(changelog("-thread-state-changelog", "v/" + threadId)).hasSizeBetween(20, 40)
                .last().isEqualTo("\"" + lastCheckpoint + "\"");
        // the answers came to the gateway once, from the execution beside it in this process: no run_values record
        // crossed Kafka, and the writer's completion names the execution's dispatch and carries none of them
        // (docs/topics.md)
        var events = TopicRecords.all(system.bootstrapServers(), "kgraph.events").stream()
                .filter(record -> threadId.equals(record.key())).toList();
        assertThat(events).extracting(record -> new String(record.value(), java.nio.charset.StandardCharsets.UTF_8))
                .noneMatch(json -> json.contains("\"type\":\"run_values\""));
        var completion = events.getLast();
        var completionJson = new String(completion.value(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(completionJson).contains("\"type\":\"run_completed\"").contains("\"values_from\":")
                .doesNotContain("echo: m");
        assertThat(completion.headers().lastHeader("kgraph.raw/result")).isNull();

        // a run nobody waits for here (created in the background) sends its values on kgraph.events, in a header,
        // for a gateway that joins it; its join here, after it ended, gets them whole
        var background = (String) api.post("/threads/" + threadId + "/runs", Map.of("assistant_id", "echo",
                "input", Map.of("messages", List.of(Map.of("role", "user", "content", "in the background")))))
                .json().get("run_id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "success".equals(
                api.get("/threads/" + threadId + "/runs/" + background).json().get("status")));
        var sent = TopicRecords.all(system.bootstrapServers(), "kgraph.events").stream()
                .filter(record -> threadId.equals(record.key())).filter(record -> new String(record.value(),
                        java.nio.charset.StandardCharsets.UTF_8).contains("\"type\":\"run_values\"")).toList();
        assertThat(sent).hasSize(1);
        assertThat(new String(sent.getFirst().headers().lastHeader("kgraph.raw/values").value(),
                java.nio.charset.StandardCharsets.UTF_8)).contains("\"echo: in the background\"");
        expected.add("in the background");
        expected.add("echo: in the background");
        assertThat(contents(api.get("/threads/" + threadId + "/runs/" + background + "/join").json()))
                .isEqualTo(expected);

        var copy = api.post("/threads/" + threadId + "/copy", Map.of()).json();
        assertThat(contents(stateValues((String) copy.get("thread_id")))).isEqualTo(expected);

        assertThat(api.post("/threads/prune", Map.of("thread_ids", List.of(threadId), "strategy", "keep_latest"))
                .json()).containsEntry("pruned_count", 1);
        assertThat(api.get("/threads/" + threadId + "/history?limit=1000").jsonList()).hasSize(1);
        assertThat(contents(stateValues(threadId))).isEqualTo(expected);
        var after = api.post("/threads/" + threadId + "/runs/wait", Map.of("assistant_id", "echo",
                "input", Map.of("messages", List.of(Map.of("role", "user", "content", "after")))));
        expected.add("after");
        expected.add("echo: after");
        assertThat(contents(after.json())).isEqualTo(expected);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stateValues(String threadId) {
        return (Map<String, Object>) api.get("/threads/" + threadId + "/state").json().get("values");
    }

    private static List<Object> contents(Map<String, Object> values) {
        return ((List<?>) values.get("messages")).stream().<Object>map(m -> ((Map<?, ?>) m).get("content")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> thread(String threadId) {
        return (Map<String, Object>) api.get("/threads/" + threadId).json().get("values");
    }

    /** The values of the records whose key starts with {@code keyPrefix} in the changelog named {@code ...suffix}. */
    private static List<String> changelog(String suffix, String keyPrefix) {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(
                Map.<String, Object>of("bootstrap.servers", system.bootstrapServers()))) {
            var topic = admin.listTopics().names().get().stream()
                    .filter(name -> name.endsWith(suffix)).findFirst().orElseThrow();
            return TopicRecords.all(system.bootstrapServers(), topic).stream()
                    .filter(record -> record.key().startsWith(keyPrefix))
                    .map(record -> record.value() == null ? null
                            : new String(record.value(), java.nio.charset.StandardCharsets.UTF_8))
                    .toList();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
