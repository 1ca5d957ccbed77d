package dev.kgraph.standalone.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.standalone.Standalone;
import dev.kgraph.standalone.e2e.Api;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The standalone server starts the listeners of the webhook retry topics and of the dead-letter topic only when they
 * have something to read: when a failed attempt is queued for a retry, and at start-up when a retry was still pending
 * as the server stopped. An idle server runs one delivery consumer (first attempts), not eleven.
 */
class WebhookRetryListenersEndToEndTests {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String FIRST_ATTEMPTS = "kgraph-webhook-delivery";

    @TempDir
    Path dataDir;

    @Test
    void aRetryTopicsListenerStartsWithTheFirstRetryQueuedOnIt() throws Exception {
        try (var receiver = new Receiver();
             var system = Standalone.start(dataDir, 0, settings(receiver, "100ms", 2.0));
             var api = new Api(system.baseUrl())) {
            var threadId = UUID.randomUUID().toString();
            assertThat(api.post("/threads/" + threadId + "/runs/wait", Map.of("assistant_id", "echo", "input",
                    Map.of(), "if_not_exists", "create")).status()).isEqualTo(200);
            assertThat(running(system)).containsExactly(FIRST_ATTEMPTS);

            var run = startRun(api, receiver, "/flaky"); // 503, 503, then 200

            await().atMost(PATIENCE).until(() -> state(api, run), s -> "delivered".equals(s.get("status")));
            assertThat(receiver.forDelivery(run.runId())).extracting(Receiver.Received::answered)
                    .containsExactly(503, 503, 200);
            assertThat(running(system)).contains(FIRST_ATTEMPTS + "-retry-0", FIRST_ATTEMPTS + "-retry-1")
                    .doesNotContain(FIRST_ATTEMPTS + "-dlt");
        }
    }

    @Test
    void aRetryPendingWhenTheServerStoppedIsMadeAfterItsRestart() throws Exception {
        try (var receiver = new Receiver()) {
            RunRef run;
            // a 10 s back-off: the server stops long before the second attempt is due
            var settings = settings(receiver, "10s", 1.0);
            try (var system = Standalone.start(dataDir, 0, settings);
                 var api = new Api(system.baseUrl())) {
                run = startRun(api, receiver, "/flaky");
                await().atMost(PATIENCE).until(() -> state(api, run), s -> "retrying".equals(s.get("status")));
            }
            var restarted = Instant.now();
            try (var system = Standalone.start(dataDir, 0, settings);
                 var api = new Api(system.baseUrl())) {
                var state = await().atMost(PATIENCE.multipliedBy(2)).until(() -> state(api, run),
                        s -> "delivered".equals(s.get("status")));

                assertThat(state).containsEntry("attempts", 3);
                var requests = receiver.forDelivery(run.runId());
                assertThat(requests).extracting(Receiver.Received::answered).containsExactly(503, 503, 200);
                assertThat(requests.get(1).at()).isAfter(restarted);
            }
        }
    }

    private static Map<String, Object> settings(Receiver receiver, String initialBackoff, double multiplier) {
        return Map.of(
                "kgraph.topics.partitions", 2,
                "kgraph.webhooks.allow-loopback", true,
                "kgraph.webhooks.allowed-ports", String.valueOf(receiver.port()),
                "kgraph.webhooks.attempts", 3,
                "kgraph.webhooks.initial-backoff", initialBackoff,
                "kgraph.webhooks.backoff-multiplier", multiplier);
    }

    record RunRef(String threadId, String runId) {
    }

    private static RunRef startRun(Api api, Receiver receiver, String receiverPath) {
        var threadId = UUID.randomUUID().toString();
        var response = api.post("/threads/" + threadId + "/runs", Map.of("assistant_id", "echo", "input", Map.of(),
                "webhook", receiver.url(receiverPath), "if_not_exists", "create"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return new RunRef(threadId, (String) response.json().get("run_id"));
    }

    private static Map<String, Object> state(Api api, RunRef run) {
        var response = api.get("/threads/" + run.threadId() + "/runs/" + run.runId() + "/webhook");
        return response.status() == 200 ? response.json() : Map.of();
    }

    /** Ids of the webhook listener containers that run now. */
    private static java.util.Set<String> running(Standalone system) {
        return system.applicationContext().getBean(KafkaListenerEndpointRegistry.class).getListenerContainers()
                .stream().filter(MessageListenerContainer::isRunning).map(MessageListenerContainer::getListenerId)
                .filter(id -> id.startsWith("kgraph-webhook")).collect(Collectors.toSet());
    }
}
