package dev.kgraph.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.model.topics.ProducerDefaults;
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

/**
 * Threads whose state is larger than Kafka's default record size (1 MiB): a run's end report carries its checkpoints
 * and its final values, so a chat of a few hundred KB used to leave its run running for ever and its thread busy.
 */
class LargeStateEndToEndTests {
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
    void aThreadWhoseStateOutgrowsAMebibyteGoesOnRunning() {
        var threadId = UUID.randomUUID().toString();
        for (int i = 1; i <= 4; i++) {
            var content = i + "x".repeat(400_000);

            var answer = echo(threadId, content);

            assertThat(answer.status()).isEqualTo(200);
            var messages = messagesOf(answer.json());
            assertThat(messages).hasSize(2 * i);
            assertThat(messages.getLast().get("content")).isEqualTo("echo: " + content);
        }
        var state = api.get("/threads/" + threadId + "/state").json();
        assertThat(messagesOf((Map<String, Object>) state.get("values"))).hasSize(8);
        assertThat(api.get("/threads/" + threadId).json()).containsEntry("status", "idle");

        // the whole history (twelve checkpoints, 0.4 to 3.2 MB each) would not fit in one reply record
        var all = api.post("/threads/" + threadId + "/history", Map.of("limit", 20));
        assertThat(all.status()).isEqualTo(422);
        assertThat(all.json().get("detail").toString()).startsWith("The answer would be ");
        assertThat(api.post("/threads/" + threadId + "/history", Map.of("limit", 2)).jsonList()).hasSize(2);
        assertThat(echo(threadId, "still here").status()).isEqualTo(200); // the writer went on
    }

    @Test
    void anEndReportLargerThanARecordIsSentAsItsCheckpointsThenTheEnd() {
        var threadId = UUID.randomUUID().toString();

        // a 6 MB state: three checkpoints (3, 3 and 6 MB) and the values (6 MB) do not fit in one record, each does
        var answer = echo(threadId, "w".repeat(3_000_000));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(contents(answer.json())).containsExactly("wwwwwwwwwwwwwwwwwwww... (3000000)",
                "echo: wwwwwwwwwwwwww... (3000006)");
        assertThat(contents(api.get("/threads/" + threadId + "/state").json().get("values")))
                .isEqualTo(contents(answer.json()));
        assertThat(api.get("/threads/" + threadId).json()).containsEntry("status", "idle");
    }

    @Test
    void aRunWhoseStateCannotBeSavedEndsWithAnErrorAndTheThreadGoesOn() {
        var threadId = UUID.randomUUID().toString();
        assertThat(echo(threadId, "before").status()).isEqualTo(200);

        // 9 MB of input: the final checkpoint holds 18 MB, more than a record takes
        var failed = echo(threadId, "y".repeat(9_000_000));

        assertThat(failed.status()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        var error = (Map<String, Object>) failed.json().get("__error__");
        assertThat(error).containsEntry("error", "StateTooLargeError");
        assertThat(error.get("message").toString()).contains(String.valueOf(ProducerDefaults.MAX_RECORD_BYTES));
        var thread = api.get("/threads/" + threadId).json();
        assertThat(thread).containsEntry("status", "error");
        // the thread keeps the state of the latest checkpoint that reached Kafka: the first run's end, or a step of
        // the failed run sent while it still ran (checkpoints held back longer than 50 ms are sent on their own)
        var kept = contents(thread.get("values"));
        assertThat(kept).startsWith("before", "echo: before");
        assertThat(contents(api.get("/threads/" + threadId + "/state").json().get("values"))).isEqualTo(kept);
        var runs = api.get("/threads/" + threadId + "/runs").jsonList();
        assertThat(runs).extracting(run -> run.get("status")).containsExactly("error", "success");

        var after = echo(threadId, "after");
        assertThat(after.status()).isEqualTo(200);
        var contents = contents(after.json());
        assertThat(contents.subList(0, kept.size())).isEqualTo(kept);
        assertThat(contents.subList(kept.size(), contents.size())).containsExactly("after", "echo: after");
        assertThat(api.get("/threads/" + threadId).json()).containsEntry("status", "idle");
    }

    /** The messages' contents, each cut to 20 characters (a failed assertion prints them). */
    private static List<String> contents(Object values) {
        @SuppressWarnings("unchecked")
        var messages = (List<Map<String, Object>>) ((Map<String, Object>) values).get("messages");
        return messages.stream().map(m -> m.get("content").toString())
                .map(c -> c.length() > 20 ? c.substring(0, 20) + "... (" + c.length() + ")" : c).toList();
    }

    @Test
    void anInputLargerThanARecordIsRefusedWithA413() {
        var threadId = UUID.randomUUID().toString();

        var refused = echo(threadId, "z".repeat(ProducerDefaults.MAX_RECORD_BYTES + 1));

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.json()).containsEntry("detail", "Request body is too large");
        assertThat(echo(UUID.randomUUID().toString(), "fine").status()).isEqualTo(200);
    }

    private static Api.Response echo(String threadId, String content) {
        return api.post("/threads/" + threadId + "/runs/wait", Map.of("assistant_id", "echo", "if_not_exists",
                "create", "input", Map.of("messages", List.of(Map.of("role", "user", "content", content)))));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messagesOf(Map<String, Object> values) {
        return (List<Map<String, Object>>) values.get("messages");
    }
}
