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
 * The store on a real (embedded KRaft) broker: items written through the API and by graph nodes live in Kafka, so
 * they survive a restart of the whole process, ttls keep counting across it, and a node on a new thread after the
 * restart reads what a node on another thread wrote before it.
 */
class StoreEndToEndTests {
    @TempDir
    Path dataDir;

    @Test
    void itemsTtlsAndMemoriesSurviveARestart() {
        var user = UUID.randomUUID().toString();
        var ns = List.of("restart", user);
        try (var system = Standalone.start(dataDir, 0, Map.of()); var api = new Api(system.baseUrl())) {
            awaitAssistants(api);
            assertThat(api.send("PUT", "/store/items", Map.of("namespace", ns, "key", "kept",
                    "value", Map.of("v", 1))).status()).isEqualTo(204);
            assertThat(api.send("PUT", "/store/items", Map.of("namespace", ns, "key", "expiring",
                    "value", Map.of("v", 2), "ttl", 0.1)).status()).isEqualTo(204);
            // read-your-writes: the answer of the put means the writer has it
            assertThat(api.get("/store/items?namespace=restart." + user + "&key=kept").json())
                    .containsEntry("value", Map.of("v", 1));
            assertThat(say(api, user, "remember I was here before the restart"))
                    .isEqualTo("I remember: I was here before the restart");
        }

        try (var system = Standalone.start(dataDir, 0, Map.of()); var api = new Api(system.baseUrl())) {
            awaitAssistants(api);
            assertThat(api.get("/store/items?namespace=restart." + user + "&key=kept&refresh_ttl=false").json())
                    .containsEntry("value", Map.of("v", 1)).containsEntry("namespace", ns);
            assertThat(say(api, user, "what do you know?")).isEqualTo("I remember: I was here before the restart");
            // the 6 s ttl was written before the restart and still ends the item
            await().atMost(Duration.ofSeconds(30)).until(() -> "null".equals(
                    api.get("/store/items?namespace=restart." + user + "&key=expiring&refresh_ttl=false").body()
                            .strip()));
            var left = api.post("/store/items/search", Map.of("namespace_prefix", List.of("restart", user))).json();
            assertThat(((List<?>) left.get("items")).stream().<Object>map(item -> ((Map<?, ?>) item).get("key")).toList())
                    .containsExactly("kept");
        }
    }

    /** One {@code memory} run on a new thread; the graph's answer. */
    private static Object say(Api api, String user, String text) {
        var response = api.post("/threads/" + UUID.randomUUID() + "/runs/wait", Map.of("assistant_id", "memory",
                "input", Map.of("messages", List.of(Map.of("role", "user", "content", text))),
                "context", Map.of("user_id", user), "if_not_exists", "create"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        var messages = (List<?>) response.json().get("messages");
        return ((Map<?, ?>) messages.getLast()).get("content");
    }

    private static void awaitAssistants(Api api) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/assistants/046b5dc7-2108-582c-9c6c-31d556d138f0").status() == 200);
    }
}
