package dev.kgraph.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.gateway.GatewayApplication;
import dev.kgraph.standalone.Standalone;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The run fields decided by the thread's single writer, exercised through two gateways (separate Spring contexts,
 * sharing nothing but Kafka) in front of one worker: multitask strategies, thread-creation races, disconnects,
 * time travel, durability and the run timeout.
 */
class RunFieldsEndToEndTests {

    @TempDir
    static Path dataDir;
    static Standalone system;
    static ConfigurableApplicationContext secondGateway;
    static Api one;
    static Api two;

    @BeforeAll
    static void start() {
        system = Standalone.start(dataDir, 0, Map.of("kgraph.worker.run-timeout", "8s"));
        secondGateway = new SpringApplicationBuilder(GatewayApplication.class)
                .properties(Map.of("spring.kafka.bootstrap-servers", system.bootstrapServers(),
                        "server.port", 0, "server.address", "127.0.0.1"))
                .run();
        one = new Api(system.baseUrl());
        two = new Api(Api.baseUrl(secondGateway));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                two.post("/assistants/search", Map.of("limit", 100)).jsonList().size()
                        == system.applicationContext().getBeansOfType(dev.kgraph.worker.graphs.GraphProvider.class)
                        .size()); // one system assistant per registered graph
    }

    @AfterAll
    static void stop() {
        one.close();
        two.close();
        secondGateway.close();
        system.close();
    }

    @Test
    void underRejectTwoGatewaysRacingOnOneThreadNeverBothWin() {
        for (int round = 0; round < 8; round++) {
            var threadId = UUID.randomUUID().toString();
            one.post("/threads", Map.of("thread_id", threadId));
            var body = Map.of("assistant_id", "slow", "input", Map.of("ms", 300), "multitask_strategy", "reject");
            var viaOne = CompletableFuture.supplyAsync(() -> one.post("/threads/" + threadId + "/runs", body));
            var viaTwo = CompletableFuture.supplyAsync(() -> two.post("/threads/" + threadId + "/runs", body));

            var statuses = List.of(viaOne.join().status(), viaTwo.join().status());

            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        }
    }

    @Test
    void twoRunsRacingToCreateTheSameNewThreadBothSucceed() {
        var threadId = UUID.randomUUID().toString();
        var body = Map.of("assistant_id", "counter", "input", Map.of(), "if_not_exists", "create");
        var viaOne = CompletableFuture.supplyAsync(() -> one.post("/threads/" + threadId + "/runs/wait", body));
        var viaTwo = CompletableFuture.supplyAsync(() -> two.post("/threads/" + threadId + "/runs/wait", body));

        assertThat(List.of(viaOne.join().status(), viaTwo.join().status())).containsOnly(200);
        assertThat(one.get("/threads/" + threadId + "/state").json().get("values"))
                .isEqualTo(Map.of("count", 4, "log", List.of("a", "b", "a", "b")));
    }

    @Test
    void aRunCreatedOnOneGatewayIsJoinedListedAndCancelledOnTheOther() {
        var threadId = UUID.randomUUID().toString();
        var runId = startLongRun(threadId); // created through gateway one
        assertThat(two.get("/threads/" + threadId + "/runs/" + runId).json().get("status")).isEqualTo("running");

        var joining = CompletableFuture.supplyAsync(() -> two.get("/threads/" + threadId + "/runs/" + runId + "/join"));
        assertThat(two.post("/threads/" + threadId + "/runs/" + runId + "/cancel", Map.of()).status()).isEqualTo(202);

        assertThat(joining.join().json()).containsKey("__error__");
        assertThat(one.get("/threads/" + threadId + "/runs/" + runId).json().get("status")).isEqualTo("interrupted");
        assertThat(two.get("/threads/" + threadId + "/runs").jsonList()).extracting(r -> r.get("run_id"))
                .containsExactly(runId);
    }

    @Test
    void interruptCancelsTheRunningRunKeepingItsProgressAndStartsTheNewOne() {
        var threadId = UUID.randomUUID().toString();
        var first = startLongRun(threadId);

        var second = two.post("/threads/" + threadId + "/runs/wait", Map.of("assistant_id", "slow",
                "input", Map.of("ms", 10), "multitask_strategy", "interrupt"));

        assertThat(second.json()).isEqualTo(Map.of("ms", 10, "done", true));
        assertThat(one.get("/threads/" + threadId + "/runs/" + first).json().get("status")).isEqualTo("interrupted");
        // the first run's input checkpoint is kept in history under interrupt
        var history = one.post("/threads/" + threadId + "/history", Map.of("limit", 50)).jsonList();
        assertThat(runIdsOf(history)).contains(first);
    }

    @Test
    void rollbackDeletesTheRunningRunAndTheCheckpointsItWrote() {
        var threadId = UUID.randomUUID().toString();
        var first = startLongRun(threadId);

        var second = two.post("/threads/" + threadId + "/runs/wait", Map.of("assistant_id", "slow",
                "input", Map.of("ms", 10), "multitask_strategy", "rollback"));

        assertThat(second.json()).isEqualTo(Map.of("ms", 10, "done", true));
        assertThat(one.get("/threads/" + threadId + "/runs/" + first).status()).isEqualTo(404);
        var history = one.post("/threads/" + threadId + "/history", Map.of("limit", 50)).jsonList();
        assertThat(runIdsOf(history)).doesNotContain(first).isNotEmpty();
    }

    @Test
    void aClientThatHangsUpCancelsItsRunWhenOnDisconnectIsCancel() throws Exception {
        var threadId = UUID.randomUUID().toString();
        // a 60 s run: ending "interrupted" (it cannot end otherwise before then) proves the cancel, with no bound on
        // how fast a loaded machine gets there
        var body = "{\"assistant_id\":\"slow\",\"input\":{\"ms\":60000},\"if_not_exists\":\"create\","
                + "\"on_disconnect\":\"cancel\"}";
        var base = URI.create(system.baseUrl());
        String runPath;
        try (var socket = new Socket(base.getHost(), base.getPort())) {
            var request = "POST /threads/" + threadId + "/runs/wait HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            runPath = contentLocation(socket.getInputStream());
        } // the client goes away while the run executes

        assertThat(await().atMost(Duration.ofSeconds(45)).until(() -> (String) one.get(runPath).json().get("status"),
                status -> !"pending".equals(status) && !"running".equals(status))).isEqualTo("interrupted");
    }

    @Test
    void replayingFromAHistoryCheckpointForksWithOrWithoutNewInput() {
        var threadId = UUID.randomUUID().toString();
        one.post("/threads/" + threadId + "/runs/wait",
                Map.of("assistant_id", "counter", "input", Map.of(), "if_not_exists", "create"));
        var history = one.post("/threads/" + threadId + "/history", Map.of("limit", 10)).jsonList();
        var beforeB = history.stream().filter(h -> h.get("next").equals(List.of("b"))).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        var checkpointId = ((Map<String, Object>) beforeB.get("checkpoint")).get("checkpoint_id");

        var replay = one.post("/threads/" + threadId + "/runs/wait",
                Map.of("assistant_id", "counter", "checkpoint_id", checkpointId));
        var withInput = two.post("/threads/" + threadId + "/runs/wait", Map.of("assistant_id", "counter",
                "checkpoint", Map.of("checkpoint_id", checkpointId, "checkpoint_ns", ""), "input", Map.of("count", 10)));
        var unknown = one.post("/threads/" + threadId + "/runs/wait",
                Map.of("assistant_id", "counter", "checkpoint_id", UUID.randomUUID().toString()));

        assertThat(replay.json()).isEqualTo(Map.of("count", 2, "log", List.of("a", "b")));
        assertThat(withInput.json()).isEqualTo(Map.of("count", 13, "log", List.of("a", "a", "b")));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat((String) unknown.json().get("detail")).contains("not found");
    }

    @Test
    void durabilityExitKeepsOnlyTheFinalCheckpointOfTheRun() {
        var threadId = UUID.randomUUID().toString();
        var response = one.post("/threads/" + threadId + "/runs/wait", Map.of("assistant_id", "counter",
                "input", Map.of(), "if_not_exists", "create", "durability", "exit"));

        assertThat(response.json()).isEqualTo(Map.of("count", 2, "log", List.of("a", "b")));
        var history = one.post("/threads/" + threadId + "/history", Map.of("limit", 10)).jsonList();
        assertThat(history).hasSize(1);
        assertThat(history.getFirst().get("values")).isEqualTo(Map.of("count", 2, "log", List.of("a", "b")));
    }

    @Test
    void staticBreakpointsPauseTheThreadAndANullInputResumesIt() {
        var threadId = UUID.randomUUID().toString();
        var paused = one.post("/threads/" + threadId + "/runs/wait", Map.of("assistant_id", "counter",
                "input", Map.of(), "if_not_exists", "create", "interrupt_before", List.of("b")));

        assertThat(paused.json()).isEqualTo(Map.of("count", 1, "log", List.of("a")));
        assertThat(one.get("/threads/" + threadId).json().get("status")).isEqualTo("interrupted");
        assertThat(one.get("/threads/" + threadId + "/state").json().get("next")).isEqualTo(List.of("b"));
        var runs = one.get("/threads/" + threadId + "/runs").jsonList();
        assertThat(runs.getFirst().get("status")).isEqualTo("success");

        var resumed = new java.util.HashMap<String, Object>(Map.of("assistant_id", "counter"));
        resumed.put("input", null);
        assertThat(two.post("/threads/" + threadId + "/runs/wait", resumed).json())
                .isEqualTo(Map.of("count", 2, "log", List.of("a", "b")));
        assertThat(one.get("/threads/" + threadId).json().get("status")).isEqualTo("idle");
    }

    @Test
    void exceedingTheRecursionLimitEndsTheRunWithARecursionError() {
        var response = one.post("/threads/" + UUID.randomUUID() + "/runs/wait", Map.of("assistant_id", "counter",
                "input", Map.of(), "if_not_exists", "create", "config", Map.of("recursion_limit", 1)));

        @SuppressWarnings("unchecked")
        var error = (Map<String, Object>) response.json().get("__error__");
        assertThat(error.get("error")).isEqualTo("GraphRecursionError");
        assertThat((String) error.get("message")).contains("1");
    }

    @Test
    void aRunOutlivingTheRunTimeoutEndsAsTimeout() {
        var threadId = UUID.randomUUID().toString();
        var response = one.post("/threads/" + threadId + "/runs/wait", Map.of("assistant_id", "slow",
                "input", Map.of("ms", 20_000), "if_not_exists", "create"));

        assertThat(response.json()).containsKey("__error__");
        var runs = one.get("/threads/" + threadId + "/runs").jsonList();
        assertThat(runs.getFirst().get("status")).isEqualTo("timeout");
    }

    /** Creates a thread through gateway one and starts a 20 s run on it; returns once the run is running. */
    private static String startLongRun(String threadId) {
        one.post("/threads", Map.of("thread_id", threadId));
        var runId = (String) one.post("/threads/" + threadId + "/runs",
                Map.of("assistant_id", "slow", "input", Map.of("ms", 20_000))).json().get("run_id");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "running".equals(one.get("/threads/" + threadId + "/runs/" + runId).json().get("status")));
        return runId;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> runIdsOf(List<Map<String, Object>> history) {
        var ids = new ArrayList<Object>();
        history.forEach(h -> ids.add(((Map<String, Object>) h.get("metadata")).get("run_id")));
        return ids;
    }

    /** Reads the response head of a committed {@code runs/wait} and returns its Content-Location. */
    private static String contentLocation(InputStream in) throws Exception {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-location:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow();
    }
}
