package dev.kgraph.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.standalone.Standalone;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code after_seconds}: a run exists at once as {@code pending} with {@code created_at} at its scheduled time, is
 * cancellable while it waits, starts no earlier than due, in due order, and the schedule survives a restart.
 */
class ScheduledRunsEndToEndTests {

    @TempDir
    Path dataDir;

    @Test
    void scheduledRunsWaitStartInDueOrderAndCanBeCancelledWhilePending() {
        try (var system = Standalone.start(dataDir, 0, Map.of("kgraph.gateway.keep-alive", "300ms"));
             var api = new Api(system.baseUrl())) {
            awaitAssistants(api);
            var requestedAt = Instant.now();
            // the runs cancelled while pending are due 8 s out: far more than the few requests before their cancel
            // take even on a loaded machine (the test does not depend on how fast they are)
            var late = schedule(api, 8.0);
            var early = schedule(api, 1.0);
            var cancelled = schedule(api, 8.0);

            assertThat(late.run().get("status")).isEqualTo("pending");
            assertThat(Instant.parse((String) late.run().get("created_at")))
                    .isAfterOrEqualTo(requestedAt.plusMillis(7900));
            assertThat(api.post(late.path() + "/cancel", Map.of()).status()).isEqualTo(202);
            assertThat(api.post(cancelled.path() + "/cancel", Map.of()).status()).isEqualTo(202);
            assertThat(api.get(cancelled.path()).json().get("status")).isEqualTo("interrupted");
            var lateAgain = schedule(api, 2.0);

            var earlyResult = api.get(early.path() + "/join");
            var lateResult = api.get(lateAgain.path() + "/join");

            assertThat(earlyResult.json()).containsEntry("done", true);
            assertThat(lateResult.json()).containsEntry("done", true);
            assertThat(firstCheckpointAt(api, early)).isAfterOrEqualTo(dueOf(early));
            assertThat(firstCheckpointAt(api, lateAgain)).isAfterOrEqualTo(dueOf(lateAgain))
                    .isAfter(firstCheckpointAt(api, early));
            // the cancelled runs never execute, also after their due time has passed: a run due after them has ended,
            // so the server's schedule went past theirs (no guess at how long that takes on a loaded machine)
            var sentinel = schedule(api, 9.0);
            assertThat(dueOf(sentinel)).isAfter(dueOf(late)).isAfter(dueOf(cancelled));
            assertThat(api.get(sentinel.path() + "/join").json()).containsEntry("done", true);
            assertThat(api.get(cancelled.threadPath() + "/state").json().get("checkpoint")).isNull();
            assertThat(api.get(late.threadPath() + "/state").json().get("checkpoint")).isNull();
        }
    }

    @Test
    void runsWaitOnAScheduledRunIsKeptAliveUntilTheRunEnds() {
        try (var system = Standalone.start(dataDir, 0, Map.of("kgraph.gateway.keep-alive", "100ms"));
             var api = new Api(system.baseUrl())) {
            awaitAssistants(api);
            var response = api.post("/threads/" + UUID.randomUUID() + "/runs/wait", Map.of("assistant_id", "slow",
                    "input", Map.of("ms", 10), "after_seconds", 3, "if_not_exists", "create"));

            assertThat(response.body()).startsWith("\n"); // the run cannot start before 3 s: newlines flowed
            assertThat(response.json()).isEqualTo(Map.of("ms", 10, "done", true));
            assertThat(api.post("/threads/" + UUID.randomUUID() + "/runs/wait", Map.of("assistant_id", "slow",
                    "after_seconds", -1, "if_not_exists", "create")).status()).isEqualTo(422);
        }
    }

    @Test
    void aScheduleSurvivesARestartOfTheWholeSystem() {
        Scheduled run;
        try (var system = Standalone.start(dataDir, 0, Map.of()); var api = new Api(system.baseUrl())) {
            awaitAssistants(api);
            run = schedule(api, 4.0);
        }
        try (var system = Standalone.start(dataDir, 0, Map.of()); var api = new Api(system.baseUrl())) {
            awaitAssistants(api);
            assertThat(api.get(run.path() + "/join").json()).containsEntry("done", true);
            assertThat(firstCheckpointAt(api, run)).isAfterOrEqualTo(dueOf(run));
        }
    }

    private static Scheduled schedule(Api api, double afterSeconds) {
        var threadId = UUID.randomUUID().toString();
        api.post("/threads", Map.of("thread_id", threadId));
        var run = api.post("/threads/" + threadId + "/runs", Map.of("assistant_id", "slow",
                "input", Map.of("ms", 10), "after_seconds", afterSeconds)).json();
        return new Scheduled(threadId, run);
    }

    private static Instant dueOf(Scheduled scheduled) {
        return Instant.parse((String) scheduled.run().get("created_at"));
    }

    /** When the run's first checkpoint was written: it cannot have started before that. */
    private static Instant firstCheckpointAt(Api api, Scheduled scheduled) {
        List<Map<String, Object>> history = api.post(scheduled.threadPath() + "/history", Map.of("limit", 50))
                .jsonList();
        return Instant.parse((String) history.getLast().get("created_at"));
    }

    private static void awaitAssistants(Api api) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/assistants/046b5dc7-2108-582c-9c6c-31d556d138f0").status() == 200);
    }

    record Scheduled(String threadId, Map<String, Object> run) {
        String threadPath() {
            return "/threads/" + threadId;
        }

        String path() {
            return threadPath() + "/runs/" + run.get("run_id");
        }
    }
}
