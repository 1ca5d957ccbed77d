package dev.kgraph.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.gateway.GatewayApplication;
import dev.kgraph.standalone.Standalone;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Assistants on a real broker: two gateways (separate Spring contexts sharing only Kafka) patching one assistant at
 * once get distinct versions with no gap, because its single writer numbers them; and the assistant, its versions
 * and the numbering survive a restart of the whole system.
 */
class AssistantVersionsEndToEndTests {
    private static final int PATCHES_PER_GATEWAY = 10;

    @TempDir
    Path dataDir;

    @Test
    void concurrentPatchesThroughTwoGatewaysAreNumberedWithoutGapsAndSurviveARestart() throws Exception {
        var assistantId = UUID.randomUUID().toString();
        int last = 1 + 2 * PATCHES_PER_GATEWAY;
        try (var system = Standalone.start(dataDir, 0, Map.of("kgraph.topics.partitions", 2));
             var one = new Api(system.baseUrl());
             var replica = gateway(system);
             var two = new Api("http://127.0.0.1:" + replica.getEnvironment().getProperty("local.server.port"))) {
            awaitGraphs(one);
            awaitGraphs(two);
            var created = one.post("/assistants", Map.of("assistant_id", assistantId, "graph_id", "echo",
                    "metadata", Map.of("suite", assistantId)));
            assertThat(created.status()).isEqualTo(200);
            // known to the other gateway at once (from the writer if its directory has not caught up yet)
            assertThat(two.get("/assistants/" + assistantId).json()).containsEntry("version", 1);

            var versions = new ArrayList<Integer>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                var patches = new ArrayList<Callable<Integer>>();
                for (int i = 0; i < PATCHES_PER_GATEWAY; i++) {
                    for (var api : List.of(one, two)) {
                        int n = patches.size();
                        patches.add(() -> {
                            var patched = api.patch("/assistants/" + assistantId, Map.of("metadata", Map.of("n", n)));
                            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
                            return (Integer) patched.json().get("version");
                        });
                    }
                }
                for (var future : pool.invokeAll(patches)) {
                    versions.add(future.get());
                }
            }

            assertThat(versions).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(2, last).boxed().toList());
            assertThat(versionNumbers(two, assistantId)).isEqualTo(IntStream.iterate(last, v -> v >= 1, v -> v - 1)
                    .boxed().toList());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    two.get("/assistants/" + assistantId).json()).containsEntry("version", last));
        }

        try (var system = Standalone.start(dataDir, 0, Map.of("kgraph.topics.partitions", 2));
             var api = new Api(system.baseUrl())) {
            awaitGraphs(api);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    api.get("/assistants/" + assistantId).json()).containsEntry("version", last));
            assertThat(api.post("/assistants/count", Map.of("metadata", Map.of("suite", assistantId))).body())
                    .isEqualTo("1");
            assertThat(api.patch("/assistants/" + assistantId, Map.of("name", "after the restart")).json())
                    .containsEntry("version", last + 1);
            assertThat(versionNumbers(api, assistantId)).hasSize(last + 1).startsWith(last + 1, last);
        }
    }

    private static List<Integer> versionNumbers(Api api, String assistantId) {
        return api.post("/assistants/" + assistantId + "/versions", Map.of("limit", 100)).jsonList().stream()
                .map(version -> (Integer) version.get("version")).toList();
    }

    private static void awaitGraphs(Api api) {
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/assistants/echo").status() == 200);
    }

    /** A second gateway: its own Spring context and Netty event loops, sharing only the Kafka cluster. */
    private static ConfigurableApplicationContext gateway(Standalone system) {
        return new SpringApplicationBuilder(GatewayApplication.class)
                .properties(Map.of("spring.kafka.bootstrap-servers", system.bootstrapServers(),
                        "server.port", 0, "server.address", "127.0.0.1",
                        "kgraph.topics.partitions", 2,
                        "kgraph.webhooks.enabled", false))
                .initializers(context -> {
                    var resources = new ReactorResourceFactory();
                    resources.setUseGlobalResources(false);
                    resources.afterPropertiesSet();
                    context.getBeanFactory().registerSingleton("reactorResourceFactory", resources);
                    context.addApplicationListener(event -> {
                        if (event instanceof org.springframework.context.event.ContextClosedEvent) {
                            resources.destroy();
                        }
                    });
                })
                .run();
    }
}
