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

/**
 * {@code kgraph.worker.exactly-once=true}: the sequencer writes in Kafka transactions and gateways read committed
 * records only, so replies and completions arrive once the transaction commits; runs, state and a restart behave
 * as under the default at-least-once processing.
 */
class ExactlyOnceEndToEndTests {

    @TempDir
    Path dataDir;

    @Test
    void runsCompleteAndTheirThreadsSurviveARestart() {
        var settings = Map.<String, Object>of("kgraph.worker.exactly-once", true);
        var threadId = UUID.randomUUID().toString();
        try (var system = Standalone.start(dataDir, 0, settings); var api = new Api(system.baseUrl())) {
            awaitAssistants(api);
            var first = api.post("/threads/" + threadId + "/runs/wait",
                    Map.of("assistant_id", "counter", "input", Map.of(), "if_not_exists", "create"));
            assertThat(first.json()).isEqualTo(Map.of("count", 2, "log", List.of("a", "b")));
        }
        try (var system = Standalone.start(dataDir, 0, settings); var api = new Api(system.baseUrl())) {
            awaitAssistants(api);
            var second = api.post("/threads/" + threadId + "/runs/wait",
                    Map.of("assistant_id", "counter", "input", Map.of()));
            assertThat(second.json()).isEqualTo(Map.of("count", 4, "log", List.of("a", "b", "a", "b")));
            assertThat(api.get("/threads/" + threadId).json()).containsEntry("status", "idle");
        }
    }

    private static void awaitAssistants(Api api) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/assistants/046b5dc7-2108-582c-9c6c-31d556d138f0").status() == 200);
    }
}
