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
 * A cron on a real broker: its tick is a wake-up in the sequencer's changelogged schedule store, so a cron created
 * just before the whole system stops still fires after the restart (at its time, or once on recovery if its time
 * passed while it was down), on its thread, as exactly one run whose id carries the tick's time; and the next tick is
 * scheduled. The schedule is every minute, so the test waits for at most one minute boundary.
 */
class CronTicksEndToEndTests {

    @TempDir
    Path dataDir;

    @Test
    void aCronCreatedBeforeARestartFiresOnceForItsTickAfterIt() {
        String threadId;
        String cronId;
        Instant tick;
        try (var system = Standalone.start(dataDir, 0, Map.of());
             var api = new Api(system.baseUrl())) {
            awaitGraphs(api);
            threadId = (String) api.post("/threads", Map.of()).json().get("thread_id");
            var created = api.post("/threads/" + threadId + "/runs/crons", Map.of("assistant_id", "echo",
                    "schedule", "* * * * *", "input", Map.of("messages", List.of(Map.of("role", "user",
                            "content", "tick")))));
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            cronId = (String) created.json().get("cron_id");
            tick = Instant.parse((String) created.json().get("next_run_date"));
            assertThat(tick.getEpochSecond() % 60).isZero();
            assertThat(tick).isAfter(Instant.now().minusSeconds(1)).isBefore(Instant.now().plusSeconds(61));
        }

        try (var system = Standalone.start(dataDir, 0, Map.of());
             var api = new Api(system.baseUrl())) {
            awaitGraphs(api);
            var runsPath = "/threads/" + threadId + "/runs";
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(api.get(runsPath).jsonList()).isNotEmpty());
            var run = api.get(runsPath).jsonList().getFirst();
            // the run id is derived from (cron, tick): uuid7-shaped with the tick's milliseconds in front
            assertThat(UUID.fromString((String) run.get("run_id")).getMostSignificantBits() >>> 16)
                    .isEqualTo(tick.toEpochMilli());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    api.get(runsPath + "/" + run.get("run_id")).json()).containsEntry("status", "success"));
            var cron = api.get("/runs/crons/" + cronId).json();
            assertThat(Instant.parse((String) cron.get("next_run_date"))).isAfter(tick);
            // one run for the tick: a later tick may have fired meanwhile, never a second run of this one
            assertThat(api.get(runsPath + "?limit=100").jsonList()).filteredOn(r -> UUID.fromString(
                    (String) r.get("run_id")).getMostSignificantBits() >>> 16 == tick.toEpochMilli()).hasSize(1);
            assertThat(api.post("/runs/crons/count", Map.of("thread_id", threadId)).body()).isEqualTo("1");
        }
    }

    private static void awaitGraphs(Api api) {
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/assistants/echo").status() == 200);
    }
}
