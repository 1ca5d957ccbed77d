package dev.kgraph.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.standalone.Standalone;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka is the system of record: stopping and starting the standalone process keeps threads, state and runs. */
class RestartDurabilityEndToEndTests {

    @TempDir
    Path dataDir;

    @Test
    void threadsStateAndFinishedRunsSurviveARestart() {
        var threadId = UUID.randomUUID().toString();
        String runId;
        Object answer;
        try (var system = Standalone.start(dataDir, 0, Map.of()); var api = new Api(system.baseUrl())) {
            awaitAssistants(api);
            var response = api.post("/threads/" + threadId + "/runs/wait",
                    Map.of("assistant_id", "counter", "input", Map.of(), "if_not_exists", "create"));
            runId = response.header("content-location").replaceAll(".*/runs/", "");
            answer = response.json();
        }

        try (var system = Standalone.start(dataDir, 0, Map.of()); var api = new Api(system.baseUrl())) {
            awaitAssistants(api);
            assertThat(api.get("/threads/" + threadId).json()).containsEntry("status", "idle")
                    .containsEntry("values", Map.of("count", 2, "log", List.of("a", "b")));
            assertThat(api.get("/threads/" + threadId + "/state").json().get("values")).isEqualTo(answer);
            assertThat(api.get("/threads/" + threadId + "/runs/" + runId).json()).containsEntry("status", "success");
            assertThat(api.get("/threads/" + threadId + "/runs/" + runId + "/join").json()).isEqualTo(answer);
            // and the thread goes on from where it was
            var next = api.post("/threads/" + threadId + "/runs/wait",
                    Map.of("assistant_id", "counter", "input", Map.of()));
            assertThat(next.json()).isEqualTo(Map.of("count", 4, "log", List.of("a", "b", "a", "b")));
        }
    }

    @Test
    void aRunInterruptedByAStopResumesAfterTheRestart() {
        var threadId = UUID.randomUUID().toString();
        String runId;
        try (var system = Standalone.start(dataDir, 0, Map.of()); var api = new Api(system.baseUrl())) {
            awaitAssistants(api);
            var run = api.post("/threads", Map.of("thread_id", threadId));
            assertThat(run.status()).isEqualTo(200);
            runId = (String) api.post("/threads/" + threadId + "/runs",
                    Map.of("assistant_id", "slow", "input", Map.of("ms", 1500))).json().get("run_id");
            await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(
                    api.get("/threads/" + threadId + "/runs/" + runId).json().get("status")));
        }

        try (var system = Standalone.start(dataDir, 0, Map.of()); var api = new Api(system.baseUrl())) {
            awaitAssistants(api);
            var joined = api.get("/threads/" + threadId + "/runs/" + runId + "/join");
            assertThat(joined.json()).isEqualTo(Map.of("ms", 1500, "done", true));
            assertThat(api.get("/threads/" + threadId + "/runs/" + runId).json()).containsEntry("status", "success");
        }
    }

    private static void awaitAssistants(Api api) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/assistants/046b5dc7-2108-582c-9c6c-31d556d138f0").status() == 200);
    }
}
