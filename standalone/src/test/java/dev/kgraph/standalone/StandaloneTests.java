package dev.kgraph.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kgraph.gateway.GatewayApplication;
import dev.kgraph.standalone.e2e.Api;
import dev.kgraph.worker.WorkerApplication;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneTests {

    @TempDir
    Path dataDir;

    @Test
    void gatewayAndWorkerShareOneContextWiredToTheEmbeddedBroker() throws Exception {
        try (var standalone = Standalone.start(dataDir, 0, Map.of("kgraph.test.marker", "given"))) {
            var context = standalone.applicationContext();
            var environment = context.getEnvironment();

            assertThat(context.getBeansOfType(GatewayApplication.class)).hasSize(1);
            assertThat(context.getBeansOfType(WorkerApplication.class)).hasSize(1);
            assertThat(environment.getProperty(Standalone.BOOTSTRAP_SERVERS)).isEqualTo(standalone.bootstrapServers());
            assertThat(environment.getProperty(Standalone.STATE_DIR))
                    .isEqualTo(dataDir.resolve("streams").toAbsolutePath().toString());
            assertThat(environment.getProperty("kgraph.test.marker")).isEqualTo("given");
            assertThat(standalone.baseUrl()).startsWith("http://127.0.0.1:");
            assertThat(httpStatusOf(standalone.baseUrl() + "/no-such-route")).isEqualTo(404);
        }
    }

    @Test
    void aRestartOnTheSameDataDirectoryKeepsKafkaTopics() throws Exception {
        try (var standalone = Standalone.start(dataDir, 0, Map.of())) {
            createTopic(standalone.bootstrapServers(), "kept");
        }

        try (var restarted = Standalone.start(dataDir, 0, Map.of())) {
            assertThat(topicNames(restarted.bootstrapServers())).contains("kept");
            assertThat(dataDir.resolve("kafka/logs/meta.properties")).exists();
        }
    }

    @Test
    void aFailedStartReleasesTheBrokerSoTheDataDirectoryCanBeUsedAgain() throws Exception {
        try (var occupied = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Standalone.start(dataDir, occupied.getLocalPort(), Map.of()))
                    .isInstanceOf(RuntimeException.class);
        }

        try (var standalone = Standalone.start(dataDir, 0, Map.of())) {
            assertThat(httpStatusOf(standalone.baseUrl() + "/no-such-route")).isEqualTo(404);
        }
    }

    @Test
    void aStopAnswersTheRunsWaitCallsInFlightBeforeItStopsDecidingRuns() throws Exception {
        var standalone = Standalone.start(dataDir, 0, Map.of());
        try (var api = new Api(standalone.baseUrl()); var client = HttpClient.newHttpClient()) {
            var threadId = api.post("/threads", Map.of()).json().get("thread_id");
            var waiting = client.sendAsync(HttpRequest.newBuilder(
                            URI.create(standalone.baseUrl() + "/threads/" + threadId + "/runs/wait"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"assistant_id\":\"slow\",\"input\":{\"ms\":2000}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/threads/" + threadId + "/runs").body().contains("\"running\""));

            standalone.close(); // SIGTERM's path: the web server drains its calls, then the sequencer stops

            // before, the sequencer stopped first and the call got the gateway's 503 after 30 s
            var answer = waiting.get(60, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"done\":true");
        } finally {
            standalone.close();
        }
    }

    @Test
    void everyRecordARunWritesIsSnappyCompressedByDefault() throws Exception {
        // one default for every producer of the process: the gateway's, the execution's and Kafka Streams' (a
        // module whose producers were configured apart and left uncompressed fails this)
        try (var standalone = Standalone.start(dataDir, 0, Map.of()); var api = new Api(standalone.baseUrl())) {
            var answer = api.waitOnNewThread("echo",
                    Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).contains("echo: hi");

            // the request (gateway), the end report (execution), the completion and the checkpoints' changelog (Kafka
            // Streams): every batch as the broker stored it, compressed by the producer that wrote it
            var logs = dataDir.resolve("kafka/logs");
            for (var topic : List.of("kgraph.requests", "kgraph.progress", "kgraph.events",
                    "kgraph-sequencer-thread-state-changelog")) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    var codecs = batchCodecs(logs, topic);
                    assertThat(codecs).as(topic).isNotEmpty().containsOnly(CompressionType.SNAPPY);
                });
            }
        }
    }

    @Test
    void aDecisionsStoreEntriesLeaveInOneBatch() throws Exception {
        // a run's start writes its thread's and its run's entries, its end three checkpoints and both entries again:
        // sent as they were written, one batch each, they compressed apart and took about a third more bytes
        var threads = new ArrayList<String>();
        try (var standalone = Standalone.start(dataDir, 0, Map.of()); var api = new Api(standalone.baseUrl())) {
            for (int i = 0; i < 10; i++) { // one after the other, as one client: the case with nothing else to batch
                var thread = java.util.UUID.randomUUID().toString();
                var answer = api.waitOnNewThread(thread, "echo",
                        Map.of("messages", List.of(Map.of("role", "user", "content", "hi " + i))));
                assertThat(answer.status()).isEqualTo(200);
                threads.add(thread);
            }
            var logs = dataDir.resolve("kafka/logs");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var batches = batchKeys(logs, "kgraph-sequencer-thread-state-changelog");
                // the end's five entries together; a stall of the stream thread longer than the producer's linger
                // can split one, so most, not all (sent one by one, about one end in three was whole)
                long whole = threads.stream().filter(thread -> batches.stream().anyMatch(keys -> keys.equals(List.of(
                        "c/" + thread, "c/" + thread, "c/" + thread, "t/" + thread, "r/" + thread)))).count();
                assertThat(whole).as("runs whose end left in one batch, of 10").isGreaterThanOrEqualTo(7);
            });
        }
    }

    /** Each batch's record keys, cut after the thread id ({@code c/<thread>//<checkpoint>} reads {@code c/<thread>}). */
    private static List<List<String>> batchKeys(Path logs, String topic) throws Exception {
        var batches = new ArrayList<List<String>>();
        forEachBatch(logs, topic, batch -> {
            var keys = new ArrayList<String>();
            batch.forEach(record -> {
                var key = java.nio.charset.StandardCharsets.UTF_8.decode(record.key()).toString();
                int end = key.indexOf('/', 2);
                keys.add(end < 0 ? key : key.substring(0, end));
            });
            batches.add(keys);
        });
        return batches;
    }

    /** The codec of every record batch in the log segments of a topic's partitions. */
    private static List<CompressionType> batchCodecs(Path logs, String topic) throws Exception {
        var codecs = new ArrayList<CompressionType>();
        forEachBatch(logs, topic, batch -> codecs.add(batch.compressionType()));
        return codecs;
    }

    /** Every record batch in the log segments of a topic's partitions, in each partition's order. */
    private static void forEachBatch(Path logs, String topic, java.util.function.Consumer<RecordBatch> action)
            throws Exception {
        try (var partitions = Files.list(logs)) {
            for (var partition : partitions.filter(dir -> dir.getFileName().toString().matches(
                    Pattern.quote(topic) + "-\\d+")).toList()) {
                try (var segments = Files.list(partition)) {
                    for (var segment : segments.filter(file -> file.toString().endsWith(".log")).sorted().toList()) {
                        // read as a copy: the broker's own file is never opened for writing (a trailing batch it
                        // is still writing is left out by the reader)
                        MemoryRecords.readableRecords(ByteBuffer.wrap(Files.readAllBytes(segment))).batches()
                                .forEach(action);
                    }
                }
            }
        }
    }

    private static int httpStatusOf(String url) throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static void createTopic(String bootstrap, String name) throws Exception {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
        }
    }

    private static Set<String> topicNames(String bootstrap) throws Exception {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listTopics().names().get();
        }
    }
}
