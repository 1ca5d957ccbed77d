package dev.kgraph.standalone.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.gateway.GatewayApplication;
import dev.kgraph.standalone.Standalone;
import dev.kgraph.standalone.e2e.Api;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Two dispatching gateways (separate Spring contexts sharing only Kafka) in front of a system whose own gateway
 * does not dispatch: each webhook is sent by one of them only, and a delivery cut off by a replica stopping
 * mid-request is completed by the other. Partitions: 2, so each replica owns one partition of each topic.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookReplicasEndToEndTests {
    static final int PARTITIONS = 2;
    static final Duration PATIENCE = Duration.ofSeconds(90);
    /** How long request counts must stay as they are after the first arrival: well above the 400 ms max back-off. */
    static final Duration QUIET = Duration.ofSeconds(2);

    @TempDir
    static Path dataDir;
    static Receiver receiver;
    static Standalone system;
    static Api api;
    static ConfigurableApplicationContext replicaOne;
    static ConfigurableApplicationContext replicaTwo;

    @BeforeAll
    static void start() throws Exception {
        receiver = new Receiver();
        system = Standalone.start(dataDir, 0, Map.of(
                "kgraph.topics.partitions", PARTITIONS,
                "kgraph.webhooks.enabled", false,
                "kgraph.webhooks.allow-loopback", true));
        api = new Api(system.baseUrl());
        replicaOne = dispatcher();
        replicaTwo = dispatcher();
        // both replicas own a partition of the delivery queue: no rebalance is left to happen during the tests
        await().atMost(PATIENCE).until(() -> Stream.of(replicaOne, replicaTwo).allMatch(replica ->
                !ownedDeliveryPartitions(replica).isEmpty()));
    }

    private static ConfigurableApplicationContext dispatcher() {
        var properties = new HashMap<String, Object>(Map.of(
                "spring.kafka.bootstrap-servers", system.bootstrapServers(),
                "server.port", 0, "server.address", "127.0.0.1",
                "kgraph.topics.partitions", PARTITIONS,
                "kgraph.webhooks.allow-loopback", true,
                "kgraph.webhooks.request-timeout", "60s",
                "kgraph.webhooks.initial-backoff", "100ms",
                "kgraph.webhooks.max-backoff", "400ms",
                "kgraph.webhooks.attempts", 4));
        return new SpringApplicationBuilder(GatewayApplication.class).properties(properties)
                .initializers(WebhookReplicasEndToEndTests::ownNettyResources).run();
    }

    /**
     * Gives a replica its own Reactor Netty event loops: with the default global ones, closing one in-process replica
     * would stop the HTTP server of every other context in this JVM (a test artefact; real replicas are processes).
     */
    private static void ownNettyResources(ConfigurableApplicationContext context) {
        var resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        resources.afterPropertiesSet();
        context.getBeanFactory().registerSingleton("reactorResourceFactory", resources);
        context.addApplicationListener(event -> {
            if (event instanceof org.springframework.context.event.ContextClosedEvent) {
                resources.destroy();
            }
        });
    }

    @AfterAll
    static void stop() {
        for (var closeable : new AutoCloseable[] {api, replicaOne, replicaTwo, system, receiver}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // best effort: the next one must still be closed
            }
        }
    }

    @Test
    @Order(1)
    void withTwoReplicasEachWebhookIsSentOnceAndBothShareTheWork() {
        var runs = new ArrayList<String>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            for (int i = 0; i < 3; i++) {
                runs.add(startRun(threadOnPartition(partition), "/ok"));
            }
        }

        for (var runId : runs) {
            await().atMost(PATIENCE).until(() -> receiver.forDelivery(runId).stream()
                    .anyMatch(Receiver.Received::accepted));
        }

        // exactly once over time: no run gets a second request during a quiet period after all have arrived
        await("every run keeps exactly one request").during(QUIET).atMost(QUIET.plus(PATIENCE))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> runs.stream().filter(runId -> receiver.forDelivery(runId).size() != 1).toList(),
                        List::isEmpty);
        assertThat(delivered(replicaOne)).isPositive();
        assertThat(delivered(replicaTwo)).isPositive();
        assertThat(delivered(replicaOne) + delivered(replicaTwo)).isEqualTo(runs.size());
    }

    @Test
    @Order(2)
    void aDeliveryCutOffByAReplicaStoppingIsCompletedByTheOther() {
        int partition = ownedDeliveryPartitions(replicaOne).iterator().next().partition();
        var threadId = threadOnPartition(partition);
        var runId = startRun(threadId, "/stall");
        await().atMost(PATIENCE).until(() -> !receiver.forDelivery(runId).isEmpty()); // replica one is mid-request

        replicaOne.close();

        await().atMost(PATIENCE).until(() -> receiver.forDelivery(runId).stream()
                .anyMatch(Receiver.Received::accepted));
        assertThat(receiver.forDelivery(runId)).extracting(Receiver.Received::answered).containsExactly(-1, 200);
        var state = await().atMost(PATIENCE).until(
                () -> api.get("/threads/" + threadId + "/runs/" + runId + "/webhook"),
                response -> response.status() == 200 && "delivered".equals(response.json().get("status")));
        assertThat(state.json()).containsEntry("last_status_code", 200);
        await("no request after the completed delivery").during(QUIET).atMost(QUIET.plus(PATIENCE))
                .pollInterval(Duration.ofMillis(100)).until(() -> receiver.forDelivery(runId).size(), size -> size == 2);
    }

    private static String startRun(String threadId, String receiverPath) {
        var response = api.post("/threads/" + threadId + "/runs", Map.of("assistant_id", "echo",
                "input", Map.of("messages", List.of("hi")), "webhook", receiver.url(receiverPath),
                "if_not_exists", "create"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return (String) response.json().get("run_id");
    }

    /** A fresh thread id whose records land on {@code partition} (Kafka's default partitioner: murmur2 of the key). */
    private static String threadOnPartition(int partition) {
        while (true) {
            var id = UUID.randomUUID().toString();
            if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS == partition) {
                return id;
            }
        }
    }

    private static Set<TopicPartition> ownedDeliveryPartitions(ConfigurableApplicationContext replica) {
        return owned(replica, "kgraph-webhook-delivery");
    }

    private static Set<TopicPartition> owned(ConfigurableApplicationContext replica, String listenerId) {
        var container = replica.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(listenerId);
        var assigned = container == null ? null : container.getAssignedPartitions();
        return assigned == null ? Set.of() : Set.copyOf(assigned);
    }

    private static long delivered(ConfigurableApplicationContext replica) {
        return (long) replica.getBean(MeterRegistry.class).get("kgraph.webhook.deliveries").tag("outcome", "delivered")
                .counter().count();
    }
}
