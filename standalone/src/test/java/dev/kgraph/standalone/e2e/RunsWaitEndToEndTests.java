package dev.kgraph.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.standalone.Standalone;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /threads/{id}/runs/wait} end to end: HTTP into the gateway, Kafka to the sequencer, the graph on the
 * execution pool, and back, on the standalone system (a real KRaft broker in this JVM).
 */
class RunsWaitEndToEndTests {
    private static final Map<String, Object> HI = Map.of("messages", List.of(Map.of("role", "user", "content", "hi")));

    @TempDir
    static Path dataDir;
    static Standalone system;
    static Api api;

    @BeforeAll
    static void start() {
        // consumed progress records stay (no purge during the tests): one test reads the end reports back
        system = Standalone.start(dataDir, 0, Map.of("kgraph.gateway.keep-alive", "200ms",
                "kgraph.worker.purge-interval", "1h"));
        api = new Api(system.baseUrl());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.post("/assistants/search", Map.of("limit", 100)).jsonList().size()
                        == system.applicationContext().getBeansOfType(dev.kgraph.worker.graphs.GraphProvider.class)
                        .size()); // one system assistant per registered graph
    }

    @AfterAll
    static void stop() {
        api.close();
        system.close();
    }

    @Test
    void echoAnswersWithTheEchoedStateAndRunHeaders() {
        var threadId = UUID.randomUUID().toString();
        var response = api.post("/threads/" + threadId + "/runs/wait",
                Map.of("assistant_id", "echo", "input", HI, "if_not_exists", "create"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).startsWith("application/json");
        assertThat(response.json()).isEqualTo(Map.of("messages", List.of(
                Map.of("role", "user", "content", "hi"), Map.of("role", "ai", "content", "echo: hi"))));
        assertThat(response.header("content-location")).matches("/threads/" + threadId + "/runs/[0-9a-f-]{36}");
        assertThat(response.header("location")).isEqualTo(response.header("content-location") + "/join");
    }

    @Test
    void aSecondTurnOnTheSameThreadAccumulatesState() {
        var threadId = UUID.randomUUID().toString();
        var body = Map.of("assistant_id", "echo", "input", HI, "if_not_exists", "create");
        api.post("/threads/" + threadId + "/runs/wait", body);

        var second = api.post("/threads/" + threadId + "/runs/wait", body);

        assertThat((List<?>) second.json().get("messages")).hasSize(4);
    }

    @Test
    void counterRunsBothNodesInOrder() {
        assertThat(api.waitOnNewThread("counter", Map.of()).json())
                .isEqualTo(Map.of("count", 2, "log", List.of("a", "b")));
    }

    @Test
    void hitlPausesWithItsInterruptThenResumesWithTheAnswer() {
        var threadId = UUID.randomUUID().toString();
        var paused = api.post("/threads/" + threadId + "/runs/wait", Map.of("assistant_id", "hitl",
                "input", Map.of("question", "name?"), "if_not_exists", "create"));

        @SuppressWarnings("unchecked")
        var interrupts = (List<Map<String, Object>>) paused.json().get("__interrupt__");
        assertThat(interrupts).singleElement().satisfies(i -> {
            assertThat(i.get("value")).isEqualTo(Map.of("question", "name?"));
            assertThat(i.get("id")).isNotNull();
        });
        var thread = api.get("/threads/" + threadId).json();
        assertThat(thread.get("status")).isEqualTo("interrupted");
        assertThat(api.get("/threads/" + threadId + "/state").json().get("next")).isEqualTo(List.of("ask"));

        var resumed = api.post("/threads/" + threadId + "/runs/wait",
                Map.of("assistant_id", "hitl", "command", Map.of("resume", "forty-two")));

        assertThat(resumed.json()).isEqualTo(Map.of("question", "name?", "answer", "forty-two"));
        assertThat(api.get("/threads/" + threadId).json().get("status")).isEqualTo("idle");
    }

    @Test
    void aFailingGraphAnswers200WithTheErrorAndLeavesTheThreadInError() {
        var threadId = UUID.randomUUID().toString();
        var response = api.post("/threads/" + threadId + "/runs/wait",
                Map.of("assistant_id", "fail", "input", Map.of("x", 1), "if_not_exists", "create"));

        assertThat(response.status()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        var error = (Map<String, Object>) response.json().get("__error__");
        assertThat(error).containsEntry("message", "boom").containsKey("error");
        assertThat(api.get("/threads/" + threadId).json().get("status")).isEqualTo("error");
        var runs = api.get("/threads/" + threadId + "/runs").jsonList();
        assertThat(runs).singleElement().satisfies(run -> assertThat(run.get("status")).isEqualTo("error"));
    }

    @Test
    void aLongRunKeepsTheConnectionAliveWithNewlinesBeforeTheResult() {
        // longer than the writer's acknowledgement delay (500 ms: the response starts then) and the 200 ms keep-alive
        var response = api.waitOnNewThread("slow", Map.of("ms", 1500));

        assertThat(response.body()).startsWith("\n");
        assertThat(response.json()).isEqualTo(Map.of("ms", 1500, "done", true));
    }

    /** The keep-alives reach the client while the run is still going: each is flushed on its own, not with the end. */
    @Test
    void aKeepAliveNewlineArrivesWhileTheRunIsStillRunning() throws Exception {
        var threadId = UUID.randomUUID().toString();
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(system.baseUrl() + "/threads/" + threadId + "/runs/wait"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"assistant_id\":\"slow\","
                        + "\"input\":{\"ms\":5000},\"if_not_exists\":\"create\"}"))
                .build();
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            try (var body = response.body()) {
                assertThat(body.read()).isEqualTo('\n');
                var runPath = response.headers().firstValue("content-location").orElseThrow();
                assertThat(api.get(runPath).json().get("status")).isIn("pending", "running"); // not ended yet
                assertThat(new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip())
                        .isEqualTo("{\"ms\":5000,\"done\":true}");
            }
        }
    }

    @Test
    void anUnknownThreadIs404UnlessTheRunMayCreateIt() {
        var response = api.post("/threads/" + UUID.randomUUID() + "/runs/wait",
                Map.of("assistant_id", "echo", "input", HI));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json()).containsKey("detail");
    }

    @Test
    void invalidBodiesAre422NamingEveryBadField() {
        var response = api.post("/threads/" + UUID.randomUUID() + "/runs/wait",
                Map.of("assistant_id", "echo", "after_seconds", -1, "multitask_strategy", "sometimes"));

        assertThat(response.status()).isEqualTo(422);
        assertThat((String) response.json().get("detail")).contains("after_seconds").contains("multitask_strategy");
        assertThat(api.post("/threads/" + UUID.randomUUID() + "/runs/wait", "{not json").status()).isEqualTo(422);
        assertThat(api.post("/threads/not-a-uuid/runs/wait", Map.of("assistant_id", "echo")).status())
                .isEqualTo(422);
        assertThat(api.post("/threads/" + UUID.randomUUID() + "/runs/wait", Map.of("assistant_id", "nope"))
                .status()).isEqualTo(422);
        var loopbackHook = api.post("/threads/" + UUID.randomUUID() + "/runs/wait", Map.of("assistant_id", "echo",
                "if_not_exists", "create", "webhook", "http://127.0.0.1:9/hook"));
        assertThat(loopbackHook.status()).isEqualTo(422); // denied by the default URL policy
        assertThat((String) loopbackHook.json().get("detail")).contains("webhook");
    }

    @Test
    void runsOfOtherThreadsProceedWhileALongRunExecutes() {
        var slowThread = UUID.randomUUID().toString();
        api.post("/threads", Map.of("thread_id", slowThread));
        var slowRun = (String) api.post("/threads/" + slowThread + "/runs",
                Map.of("assistant_id", "slow", "input", Map.of("ms", 60_000))).json().get("run_id");
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(
                api.get("/threads/" + slowThread + "/runs/" + slowRun).json().get("status")));

        var echoes = new ArrayList<Api.Response>();
        for (int i = 0; i < 20; i++) {
            echoes.add(api.waitOnNewThread("echo", HI));
        }

        assertThat(echoes).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        // twenty runs finished while the long one still executes
        assertThat(api.get("/threads/" + slowThread + "/runs/" + slowRun).json().get("status")).isEqualTo("running");
        api.post("/threads/" + slowThread + "/runs/" + slowRun + "/cancel", Map.of());
    }

    @Test
    void runsOfOneThreadExecuteOneAfterAnotherInArrivalOrder() {
        var threadId = UUID.randomUUID().toString();
        api.post("/threads", Map.of("thread_id", threadId));
        var first = api.post("/threads/" + threadId + "/runs",
                Map.of("assistant_id", "slow", "input", Map.of("ms", 600))).json();
        var second = api.post("/threads/" + threadId + "/runs",
                Map.of("assistant_id", "slow", "input", Map.of("ms", 10))).json();
        assertThat(second.get("status")).isEqualTo("pending");

        var joined = api.get("/threads/" + threadId + "/runs/" + second.get("run_id") + "/join");

        assertThat(joined.json()).isEqualTo(Map.of("ms", 10, "done", true));
        var firstNow = api.get("/threads/" + threadId + "/runs/" + first.get("run_id")).json();
        assertThat(firstNow.get("status")).isEqualTo("success");
        var runs = api.get("/threads/" + threadId + "/runs").jsonList();
        assertThat(runs).extracting(r -> r.get("run_id")).containsExactly(second.get("run_id"), first.get("run_id"));
        // the second run's checkpoints all come after the first run's: strict per-thread order
        var history = api.post("/threads/" + threadId + "/history", Map.of("limit", 20)).jsonList();
        @SuppressWarnings("unchecked")
        var runIds = history.stream().map(h -> ((Map<String, Object>) h.get("metadata")).get("run_id")).toList();
        int lastOfSecond = runIds.lastIndexOf(second.get("run_id"));
        int firstOfFirst = runIds.indexOf(first.get("run_id"));
        assertThat(lastOfSecond).isLessThan(firstOfFirst);
    }

    @Test
    void runsQueuedOnOneThreadByManyClientsEachAnswerWithTheWholeConversationUpToTheirOwnTurn() throws Exception {
        var threadId = UUID.randomUUID().toString();
        api.post("/threads", Map.of("thread_id", threadId));
        // a first run holds the thread while the clients' runs queue behind it
        api.post("/threads/" + threadId + "/runs", Map.of("assistant_id", "slow", "input", Map.of("ms", 1000)));
        int clients = 16;
        int turnsEach = 5;
        var answers = new java.util.concurrent.ConcurrentHashMap<String, List<?>>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var calls = new ArrayList<java.util.concurrent.Future<?>>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                calls.add(pool.submit(() -> {
                    for (int turn = 0; turn < turnsEach; turn++) {
                        var content = "c" + client + "-" + turn;
                        var answer = api.post("/threads/" + threadId + "/runs/wait", Map.of("assistant_id", "echo",
                                "input", Map.of("messages", List.of(Map.of("role", "user", "content", content))),
                                "multitask_strategy", "enqueue"));
                        assertThat(answer.status()).isEqualTo(200);
                        answers.put(content, (List<?>) answer.json().get("messages"));
                    }
                    return null;
                }));
            }
            for (var call : calls) {
                call.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        }

        // the thread's conversation: every turn once, each answered right after it
        var values = (Map<?, ?>) api.get("/threads/" + threadId + "/state").json().get("values");
        var conversation = (List<?>) values.get("messages");
        assertThat(conversation).hasSize(2 * clients * turnsEach);
        for (int i = 0; i < conversation.size(); i += 2) {
            var asked = ((Map<?, ?>) conversation.get(i)).get("content");
            assertThat(((Map<?, ?>) conversation.get(i + 1)).get("content")).isEqualTo("echo: " + asked);
            // each run answered with the conversation up to its own turn: it ran on all the runs before it
            assertThat(answers.get((String) asked)).isEqualTo(conversation.subList(0, i + 2));
        }
        assertThat(api.get("/threads/" + threadId + "/runs?limit=100").jsonList())
                .hasSize(clients * turnsEach + 1).allSatisfy(run -> assertThat(run.get("status")).isEqualTo("success"));
        // queued runs followed each other at once: executions started their successor and said so in their end
        var ends = TopicRecords.all(system.bootstrapServers(), "kgraph.progress").stream()
                .filter(r -> threadId.equals(r.key()))
                .map(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8))
                .filter(json -> json.contains("\"run_finished\"")).toList();
        assertThat(ends).hasSize(clients * turnsEach + 1).anyMatch(json -> json.contains("\"successor\":\""));
    }
}
