package dev.kgraph.standalone.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.standalone.Standalone;
import dev.kgraph.standalone.e2e.Api;
import dev.kgraph.standalone.management.Scrape;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook delivery through the whole system (embedded broker, gateway, worker) to a real HTTP receiver: one
 * delivery per final run state with the documented payload and headers, retries through the retry topics until a
 * failing receiver recovers, {@code Retry-After}, the dead-letter topic, no retry on a 4xx, and the URL policy at
 * run creation (its check at delivery time is covered by the gateway's {@code WebhookSenderTests}). Back-offs are in
 * milliseconds here (100 ms, 200 ms, 400 ms: 4 attempts; a Retry-After is honoured up to 2 s).
 */
class WebhookDeliveryEndToEndTests {
    static final String SECRET = "whsec-test";
    static final Duration PATIENCE = Duration.ofSeconds(60);
    /**
     * How long a delivery's request count must then stay as it is: longer than the longest back-off (max-backoff 2 s),
     * so a retry or a redelivery that comes after the first arrival is seen. A slow machine only makes it stricter.
     */
    static final Duration QUIET = Duration.ofMillis(2500);

    @TempDir
    static Path dataDir;
    static Receiver receiver;
    static Standalone system;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        receiver = new Receiver();
        system = Standalone.start(dataDir, 0, Map.ofEntries(
                Map.entry("kgraph.topics.partitions", 2),
                Map.entry("kgraph.worker.run-timeout", "3s"),
                Map.entry("kgraph.webhooks.allow-loopback", true),
                Map.entry("kgraph.webhooks.allowed-ports", String.valueOf(receiver.port())),
                Map.entry("kgraph.webhooks.signing-secret", SECRET),
                Map.entry("kgraph.webhooks.attempts", 4),
                Map.entry("kgraph.webhooks.initial-backoff", "100ms"),
                Map.entry("kgraph.webhooks.backoff-multiplier", 2.0),
                Map.entry("kgraph.webhooks.max-backoff", "2s")));
        api = new Api(system.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (system != null) {
            system.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSuccessfulRunIsPostedOnceWithTheRunItsValuesAndSignedHeaders() throws Exception {
        var run = startRun("echo", Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))), "/ok");

        var delivery = awaitAccepted(run);

        assertThat(delivery.method()).isEqualTo("POST");
        assertThat(delivery.headers().get("content-type")).startsWith("application/json");
        assertThat(delivery.headers().get("id")).isEqualTo(run.runId());
        var body = delivery.json();
        assertThat(body).containsEntry("run_id", run.runId()).containsEntry("thread_id", run.threadId())
                .containsEntry("assistant_id", run.assistantId()).containsEntry("status", "success")
                .containsKeys("created_at", "updated_at", "metadata", "multitask_strategy", "run_started_at",
                        "run_ended_at", "webhook_sent_at", "error");
        assertThat(body.get("error")).isNull();
        assertThat((Map<String, Object>) body.get("kwargs")).containsEntry("webhook", receiver.url("/ok"));
        assertThat((Map<String, Object>) body.get("metadata")).containsEntry("graph_id", "echo");
        assertThat(body.get("values").toString()).contains("echo: hi");
        String signed = delivery.headers().get("timestamp") + "." + new String(delivery.body(),
                StandardCharsets.UTF_8);
        assertThat(delivery.headers().get("signature")).isEqualTo("v1=" + hmacSha256Hex(SECRET, signed));
        var state = awaitDeliveryState(run, "delivered");
        assertThat(state).containsEntry("delivery_id", run.runId()).containsEntry("attempts", 1)
                .containsEntry("last_status_code", 200);
        assertRequestCountStays(List.of(run), 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailedRunCarriesItsErrorAsErrorAndMessage() {
        var run = startRun("fail", Map.of(), "/ok");

        var body = awaitAccepted(run).json();

        assertThat(body).containsEntry("status", "error");
        assertThat((Map<String, Object>) body.get("error")).containsEntry("message", "boom").containsKey("error");
    }

    @Test
    void aRunPausedByAnInterruptIsDelivered() {
        var run = startRun("hitl", Map.of("question", "ok?"), "/ok");

        assertThat(awaitAccepted(run).json()).containsEntry("run_id", run.runId()).containsEntry("status", "success");
    }

    @Test
    void aCancelledRunIsDeliveredAsInterrupted() {
        var run = startRun("slow", Map.of("ms", 20_000), "/ok");
        assertThat(api.post(runPath(run) + "/cancel?action=interrupt", Map.of()).status()).isEqualTo(202);

        assertThat(awaitAccepted(run).json()).containsEntry("status", "interrupted");
    }

    @Test
    void aRolledBackRunIsDeliveredAlthoughTheRunIsGone() {
        var run = startRun("slow", Map.of("ms", 20_000), "/ok");
        assertThat(api.post(runPath(run) + "/cancel?action=rollback", Map.of()).status()).isEqualTo(202);

        var body = awaitAccepted(run).json();

        assertThat(body).containsEntry("run_id", run.runId()).containsEntry("status", "interrupted");
        assertThat(api.get(runPath(run) + "/webhook").status()).isEqualTo(404);
    }

    @Test
    void aRunThatTimesOutIsDeliveredAsTimeout() {
        var run = startRun("slow", Map.of("ms", 20_000), "/ok");

        assertThat(awaitAccepted(run).json()).containsEntry("status", "timeout");
    }

    @Test
    void aReceiverThatFailsForAWhileGetsEveryDeliveryExactlyOnce() {
        var before = quietScrape();
        var runs = new ArrayList<RunRef>();
        for (int i = 0; i < 3; i++) {
            runs.add(startRun("echo", Map.of("messages", List.of("m" + i)), "/flaky"));
        }

        for (var run : runs) {
            var state = awaitDeliveryState(run, "delivered");
            assertThat(state).containsEntry("attempts", 3).containsEntry("last_status_code", 200);
            var requests = receiver.forDelivery(run.runId());
            assertThat(requests).extracting(Receiver.Received::answered).containsExactly(503, 503, 200);
            assertThat(requests.stream().filter(Receiver.Received::accepted)).hasSize(1);
        }
        assertRequestCountStays(runs, 3);
        // what Prometheus sees: 2 retryable attempts and 1 delivered attempt per run, 3 deliveries done
        await().atMost(PATIENCE).untilAsserted(() -> {
            var after = scrape();
            assertThat(increase(before, after, "kgraph_webhook_attempts_total", "retryable")).isEqualTo(6);
            assertThat(increase(before, after, "kgraph_webhook_attempts_total", "delivered")).isEqualTo(3);
            assertThat(increase(before, after, "kgraph_webhook_deliveries_total", "delivered")).isEqualTo(3);
            assertThat(increase(before, after, "kgraph_webhook_deliveries_total", "dead_lettered")).isZero();
            assertThat(after.valueOrZero("kgraph_webhook_enqueued_total", Map.of())
                    - before.valueOrZero("kgraph_webhook_enqueued_total", Map.of())).isGreaterThanOrEqualTo(3);
        });
    }

    @Test
    void retryAfterPostponesTheNextAttemptBeyondTheBackOff() {
        var run = startRun("echo", Map.of("messages", List.of("later")), "/limited");

        awaitDeliveryState(run, "delivered");

        var requests = receiver.forDelivery(run.runId());
        assertThat(requests).extracting(Receiver.Received::answered).containsExactly(429, 200);
        assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(900)); // Retry-After: 1 s, back-off alone 100 ms
        assertRequestCountStays(List.of(run), 2);
    }

    @Test
    void aReceiverThatNeverRecoversSendsTheDeliveryToTheDeadLetterTopic() {
        var before = quietScrape();
        var run = startRun("echo", Map.of("messages", List.of("lost")), "/down");

        var state = awaitDeliveryState(run, "dead_lettered");

        assertThat(state).containsEntry("attempts", 4);
        assertThat(receiver.forDelivery(run.runId())).hasSize(4).allMatch(r -> r.answered() == 500);
        assertThat(deadLetterKeysAndValues()).anySatisfy(value -> assertThat(value).contains(run.runId()));
        assertRequestCountStays(List.of(run), 4);
        await().atMost(PATIENCE).untilAsserted(() -> {
            var after = scrape();
            assertThat(increase(before, after, "kgraph_webhook_attempts_total", "retryable")).isEqualTo(4);
            assertThat(increase(before, after, "kgraph_webhook_deliveries_total", "dead_lettered")).isEqualTo(1);
            assertThat(increase(before, after, "kgraph_webhook_deliveries_total", "delivered")).isZero();
        });
    }

    @Test
    void aClientErrorIsNotRetried() {
        var before = quietScrape();
        var run = startRun("echo", Map.of("messages", List.of("bad")), "/reject");

        var state = awaitDeliveryState(run, "failed");

        assertThat(state).containsEntry("attempts", 1).containsEntry("last_status_code", 400);
        assertRequestCountStays(List.of(run), 1);
        assertThat(receiver.forDelivery(run.runId())).hasSize(1);
        await().atMost(PATIENCE).untilAsserted(() -> {
            var after = scrape();
            assertThat(increase(before, after, "kgraph_webhook_attempts_total", "rejected")).isEqualTo(1);
            assertThat(increase(before, after, "kgraph_webhook_attempts_total", "retryable")).isZero();
            assertThat(increase(before, after, "kgraph_webhook_deliveries_total", "failed")).isEqualTo(1);
        });
    }

    @Test
    void aWebhookUrlThePolicyRefusesIsRejectedAtRunCreation() {
        var threadId = UUID.randomUUID().toString();
        int otherPort = receiver.port() == 65_535 ? 65_534 : receiver.port() + 1; // not in allowed-ports
        var refusedPort = api.post("/threads/" + threadId + "/runs", Map.of("assistant_id", "echo", "input", Map.of(),
                "webhook", "http://127.0.0.1:" + otherPort + "/hook", "if_not_exists", "create"));
        var privateHost = api.post("/threads/" + threadId + "/runs", Map.of("assistant_id", "echo", "input", Map.of(),
                "webhook", "http://10.1.2.3:" + receiver.port() + "/hook", "if_not_exists", "create"));

        assertThat(refusedPort.status()).isEqualTo(422);
        assertThat(refusedPort.body()).contains("port " + otherPort);
        assertThat(privateHost.status()).isEqualTo(422);
        assertThat(privateHost.body()).contains("private");
    }

    record RunRef(String threadId, String runId, String assistantId) {
    }

    private RunRef startRun(String graph, Object input, String receiverPath) {
        var threadId = UUID.randomUUID().toString();
        var response = api.post("/threads/" + threadId + "/runs", Map.of("assistant_id", graph, "input", input,
                "webhook", receiver.url(receiverPath), "if_not_exists", "create"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return new RunRef(threadId, (String) response.json().get("run_id"),
                (String) response.json().get("assistant_id"));
    }

    private static Scrape scrape() {
        var response = api.get("/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        return new Scrape(response.body());
    }

    /** A scrape taken when every delivery enqueued so far has ended: no other test's delivery counts after it. */
    private static Scrape quietScrape() {
        return await().atMost(PATIENCE).until(WebhookDeliveryEndToEndTests::scrape, scrape -> {
            double ended = 0;
            for (var outcome : List.of("delivered", "failed", "dead_lettered")) {
                ended += scrape.valueOrZero("kgraph_webhook_deliveries_total", Map.of("outcome", outcome));
            }
            return ended == scrape.valueOrZero("kgraph_webhook_enqueued_total", Map.of());
        });
    }

    private static double increase(Scrape before, Scrape after, String counter, String outcome) {
        return after.valueOrZero(counter, Map.of("outcome", outcome))
                - before.valueOrZero(counter, Map.of("outcome", outcome));
    }

    private static String runPath(RunRef run) {
        return "/threads/" + run.threadId() + "/runs/" + run.runId();
    }

    private Receiver.Received awaitAccepted(RunRef run) {
        await().atMost(PATIENCE).until(() -> receiver.forDelivery(run.runId()).stream()
                .anyMatch(Receiver.Received::accepted));
        assertRequestCountStays(List.of(run), 1);
        var accepted = receiver.forDelivery(run.runId()).stream().filter(Receiver.Received::accepted).toList();
        assertThat(accepted).hasSize(1);
        return accepted.getFirst();
    }

    /**
     * Exactly once over time, not only at the first arrival: each run's delivery has {@code count} requests now and
     * still has them after {@link #QUIET}.
     */
    private void assertRequestCountStays(List<RunRef> runs, int count) {
        await("request counts of " + runs.size() + " deliveries staying at " + count).during(QUIET)
                .atMost(QUIET.plus(PATIENCE)).pollInterval(Duration.ofMillis(100))
                .until(() -> runs.stream().map(run -> receiver.forDelivery(run.runId()).size()).toList(),
                        sizes -> sizes.stream().allMatch(size -> size == count));
    }

    private Map<String, Object> awaitDeliveryState(RunRef run, String status) {
        return await().atMost(PATIENCE).until(() -> {
            var response = api.get(runPath(run) + "/webhook");
            return response.status() == 200 ? response.json() : Map.<String, Object>of();
        }, state -> status.equals(state.get("status")));
    }

    private List<String> deadLetterKeysAndValues() {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new StringDeserializer())) {
            var partitions = consumer.partitionsFor("kgraph.webhooks-dlt", Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            var values = new ArrayList<String>();
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.key() + " " + r.value()));
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            return values;
        }
    }

    private static String hmacSha256Hex(String secret, String message) throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
