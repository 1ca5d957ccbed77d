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

    /**
     * A long chat's checkpoints (stored as appended messages) and values (stored apart from the thread's entry) are
     * rebuilt from their changelogs; the restarted worker has nothing of the thread in memory and reads it whole.
     */
    @Test
    void aLongChatGoesOnAfterARestart() {
        var threadId = UUID.randomUUID().toString();
        var expected = new java.util.ArrayList<Object>();
        try (var system = Standalone.start(dataDir, 0, Map.of()); var api = new Api(system.baseUrl())) {
            awaitAssistants(api);
            for (int i = 0; i < 30; i++) {
                api.post("/threads/" + threadId + "/runs/wait", Map.of("assistant_id", "echo", "if_not_exists",
                        "create", "input", Map.of("messages", List.of(Map.of("role", "user", "content", "m" + i)))));
                expected.add("m" + i);
                expected.add("echo: m" + i);
            }
        }

        try (var system = Standalone.start(dataDir, 0, Map.of()); var api = new Api(system.baseUrl())) {
            awaitAssistants(api);
            assertThat(contents(api.get("/threads/" + threadId).json())).isEqualTo(expected);
            assertThat(contents(api.get("/threads/" + threadId + "/state").json())).isEqualTo(expected);
            var next = api.post("/threads/" + threadId + "/runs/wait", Map.of("assistant_id", "echo",
                    "input", Map.of("messages", List.of(Map.of("role", "user", "content", "after")))));
            expected.add("after");
            expected.add("echo: after");
            assertThat(contents(Map.of("values", next.json()))).isEqualTo(expected);
        }
    }

    /** The message contents of a thread's or a state's {@code values}. */
    private static List<Object> contents(Map<String, Object> withValues) {
        var values = (Map<?, ?>) withValues.get("values");
        return ((List<?>) values.get("messages")).stream().<Object>map(m -> ((Map<?, ?>) m).get("content")).toList();
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
            // it continued from its own checkpoint: its input was applied once, and the steps form one chain
            var history = api.post("/threads/" + threadId + "/history", Map.of("limit", 100)).jsonList();
            List<Map<?, ?>> metadata = history.stream().<Map<?, ?>>map(c -> (Map<?, ?>) c.get("metadata")).toList();
            assertThat(metadata.stream().<Object>map(m -> m.get("step")).toList()).containsExactly(1, 0, -1);
            assertThat(metadata.stream().<Object>map(m -> m.get("source")).toList()).containsExactly("loop", "loop", "input");
            // at least the attempt after the restart (a start-up rebalance may have restarted it once more)
            assertThat((Integer) metadata.getFirst().get("run_attempt")).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aRunWhoseWorkerDiesInEveryAttemptEndsAsAnError() {
        var threadId = UUID.randomUUID().toString();
        var settings = Map.<String, Object>of("kgraph.worker.max-attempts", 2);
        String runId;
        try (var system = Standalone.start(dataDir, 0, settings); var api = new Api(system.baseUrl())) {
            awaitAssistants(api);
            api.post("/threads", Map.of("thread_id", threadId));
            runId = (String) api.post("/threads/" + threadId + "/runs",
                    Map.of("assistant_id", "slow", "input", Map.of("ms", 600_000))).json().get("run_id");
            awaitExecuting(api); // the first attempt
        }
        try (var system = Standalone.start(dataDir, 0, settings); var api = new Api(system.baseUrl())) {
            awaitExecuting(api); // the second attempt, recovered at start, dies with this stop too
        }

        try (var system = Standalone.start(dataDir, 0, settings); var api = new Api(system.baseUrl())) {
            awaitAssistants(api);
            await().atMost(Duration.ofSeconds(30)).until(() -> "error".equals(
                    api.get("/threads/" + threadId + "/runs/" + runId).json().get("status")));
            var error = (Map<?, ?>) api.get("/threads/" + threadId + "/runs/" + runId + "/join").json().get("__error__");
            assertThat(error.get("error")).isEqualTo("RunAttemptsExhausted");
            assertThat(api.get("/threads/" + threadId).json()).containsEntry("status", "error");
            // the thread is usable again
            var next = api.post("/threads/" + threadId + "/runs/wait",
                    Map.of("assistant_id", "slow", "input", Map.of("ms", 1)));
            assertThat(next.json()).isEqualTo(Map.of("ms", 1, "done", true));
        }
    }

    /** Waits until the worker executes a run (its executions gauge), i.e. a dispatched attempt is running. */
    private static void awaitExecuting(Api api) {
        await().atMost(Duration.ofSeconds(60)).until(() -> new dev.kgraph.standalone.management.Scrape(
                api.get("/actuator/prometheus").body()).valueOrZero("kgraph_runs_in_flight", Map.of()) >= 1);
    }

    private static void awaitAssistants(Api api) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/assistants/046b5dc7-2108-582c-9c6c-31d556d138f0").status() == 200);
    }
}
