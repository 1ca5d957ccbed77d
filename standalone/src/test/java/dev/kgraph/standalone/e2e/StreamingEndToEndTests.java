package dev.kgraph.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.gateway.GatewayApplication;
import dev.kgraph.model.json.Json;
import dev.kgraph.standalone.Standalone;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Run streams across gateways, on one real KRaft broker: the standalone system (its gateway and the worker) plus a
 * second gateway. A stream is read on one gateway, that gateway goes away mid-run, and the client resumes with
 * {@code Last-Event-ID} on the other: every event arrives exactly once, in order, as a full replay shows.
 */
class StreamingEndToEndTests {

    @TempDir
    static Path dataDir;
    static Standalone system;
    static ConfigurableApplicationContext secondGateway;
    static String one;
    static String two;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        system = Standalone.start(dataDir, 0, Map.of());
        secondGateway = startSecondGateway();
        one = system.baseUrl();
        two = Api.baseUrl(secondGateway);
        try (var api = new Api(two)) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    api.post("/assistants/search", Map.of("limit", 100)).jsonList().size()
                        == system.applicationContext().getBeansOfType(dev.kgraph.worker.graphs.GraphProvider.class)
                        .size()); // one system assistant per registered graph
        }
    }

    private static ConfigurableApplicationContext startSecondGateway() {
        return new SpringApplicationBuilder(GatewayApplication.class)
                .properties(Map.of("spring.kafka.bootstrap-servers", system.bootstrapServers(),
                        "server.port", 0, "server.address", "127.0.0.1",
                        // no graceful drain: the open stream is cut as a crash would cut it
                        "server.shutdown", "immediate"))
                .run();
    }

    @AfterAll
    static void stop() {
        if (secondGateway.isActive()) {
            secondGateway.close();
        }
        system.close();
    }

    /** One SSE event as a client sees it. */
    record Event(long id, String event, Object data) {
    }

    /**
     * Reads an SSE response on a background thread, collecting events, until the body ends or an event matches
     * {@code cutAfter}: then it hangs up, as a client whose connection broke; {@code ended} counts down either way.
     */
    static final class Reader {
        final List<Event> events = new CopyOnWriteArrayList<>();
        final CountDownLatch ended = new CountDownLatch(1);
        volatile HttpResponse<java.util.stream.Stream<String>> response;
        /** Lines that are not SSE fields (an error body), and how the read ended if it broke: for failure messages. */
        final List<String> other = new CopyOnWriteArrayList<>();
        volatile Exception broken;

        Reader(HttpRequest request, Predicate<Event> cutAfter) {
            Thread.ofVirtual().start(() -> {
                try {
                    response = http.send(request, HttpResponse.BodyHandlers.ofLines());
                    String event = null;
                    String data = null;
                    String id = null;
                    for (var line : (Iterable<String>) response.body()::iterator) {
                        if (line.startsWith("event: ")) {
                            event = line.substring(7);
                        } else if (line.startsWith("data: ")) {
                            data = line.substring(6);
                        } else if (line.startsWith("id: ")) {
                            id = line.substring(4);
                        } else if (!line.isEmpty() && !line.startsWith(":")) {
                            other.add(line);
                        } else if (line.isEmpty() && event != null) {
                            var e = new Event(id == null ? -1 : Long.parseLong(id), event,
                                    Json.plain(Json.MAPPER.readTree(data)));
                            events.add(e);
                            if (cutAfter.test(e)) {
                                response.body().close(); // hangs up mid-stream
                                break;
                            }
                            event = null;
                            data = null;
                            id = null;
                        }
                    }
                } catch (IOException | RuntimeException failure) {
                    broken = failure; // the gateway went away mid-stream: what was read is kept
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                } finally {
                    ended.countDown();
                }
            });
        }

        List<Event> awaitEnd() throws InterruptedException {
            assertThat(ended.await(30, TimeUnit.SECONDS)).as("stream ended").isTrue();
            return new ArrayList<>(events);
        }

        /** What the response was besides its events: status, headers, other lines, the failure if any. */
        String describe() {
            var r = response;
            return (r == null ? "no response" : "HTTP " + r.statusCode() + " " + r.headers().map()) + ", other lines "
                    + other + ", broken by " + broken;
        }
    }

    static HttpRequest post(String base, String path, Object body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body))).build();
    }

    static HttpRequest get(String base, String path, String lastEventId) {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        return builder.build();
    }

    @Test
    void aStreamCutOffWithItsGatewayResumesOnAnotherGatewayWithEveryEventOnceInOrder() throws Exception {
        var threadId = UUID.randomUUID().toString();
        var body = Map.of("assistant_id", "slow", "input", Map.of("ms", 1500), "if_not_exists", "create",
                "stream_mode", List.of("values", "updates", "debug"), "stream_resumable", true);
        // the connection to the gateway breaks once the input's values arrived, while the run's node sleeps
        var first = new Reader(post(two, "/threads/" + threadId + "/runs/stream", body),
                e -> e.event().equals("values"));
        var beforeCut = first.awaitEnd();
        assertThat(first.response.statusCode()).isEqualTo(200);
        var location = first.response.headers().firstValue("location").orElseThrow();
        var runId = (String) ((Map<?, ?>) beforeCut.getFirst().data()).get("run_id");
        // (the gateway itself keeps no state the resume needs: a crashed gateway, a separate process killed with
        // kill -9, leaves the client in the same place; closing a second gateway inside this JVM would also dispose
        // the Reactor Netty loops the first one shares)
        var lastSeen = beforeCut.getLast().id();

        var resuming = new Reader(get(one, location, Long.toString(lastSeen)), e -> false);
        var resumed = resuming.awaitEnd();
        assertThat(beforeCut.getLast().event()).isEqualTo("values");
        assertThat(resumed).as(resuming::describe).isNotEmpty();
        var replay = new Reader(get(one, location, "-1"), e -> false).awaitEnd();

        var received = new ArrayList<>(beforeCut);
        received.addAll(resumed);
        assertThat(received).extracting(Event::id).doesNotHaveDuplicates().isSorted();
        assertThat(received).isEqualTo(replay);
        assertThat(received.getFirst().event()).isEqualTo("metadata");
        // the final values, then (debug) the checkpoint that stores them, as LangGraph orders a step's output
        assertThat(received.stream().filter(e -> e.event().equals("values")).toList().getLast().data())
                .isEqualTo(Map.of("ms", 1500, "done", true));
        assertThat(received.getLast().event()).isEqualTo("debug");
        assertThat(resumed).isNotEmpty().allSatisfy(e -> assertThat(e.id()).isGreaterThan(lastSeen));
        assertThat(location).isEqualTo("/threads/" + threadId + "/runs/" + runId + "/stream");
    }

    @Test
    void aPlainWaitPublishesNothingToTheStreamTopic() throws Exception {
        try (var api = new Api(one)) {
            var response = api.waitOnNewThread("counter", Map.of());
            assertThat(response.status()).isEqualTo(200);
            var runId = response.header("content-location").replaceAll(".*/runs/", "");
            // a streamed run after it: once its events are in the topic, the wait's would be too
            var threadId = UUID.randomUUID().toString();
            var streamed = new Reader(post(one, "/threads/" + threadId + "/runs/stream", Map.of("assistant_id",
                    "counter", "input", Map.of(), "if_not_exists", "create")), e -> false).awaitEnd();
            var streamedRunId = (String) ((Map<?, ?>) streamed.getFirst().data()).get("run_id");

            var runsInTopic = runIdsInStreamTopic();

            assertThat(runsInTopic).contains(streamedRunId).doesNotContain(runId);
        }
    }

    @Test
    void joiningARunNobodyStreamedTurnsItsStreamingOn() throws Exception { // created on one gateway, joined on two
        var threadId = UUID.randomUUID().toString();
        try (var api = new Api(one)) {
            var created = api.post("/threads/" + threadId + "/runs", Map.of("assistant_id", "slow",
                    "input", Map.of("ms", 1500), "if_not_exists", "create"));
            var runId = (String) created.json().get("run_id");
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "running".equals(api.get("/threads/" + threadId + "/runs/" + runId).json().get("status")));

            var joined = new Reader(get(two, "/threads/" + threadId + "/runs/" + runId + "/stream", null),
                    e -> false).awaitEnd();

            assertThat(joined.getFirst().event()).isEqualTo("metadata");
            assertThat(joined.getLast()).extracting(Event::event, Event::data)
                    .containsExactly("values", Map.of("ms", 1500, "done", true));
        }
    }

    /** The run ids of every record in {@code kgraph.stream}, read from the beginning. */
    private static java.util.Set<String> runIdsInStreamTopic() {
        var runIds = new java.util.HashSet<String>();
        for (var record : TopicRecords.all(system.bootstrapServers(), "kgraph.stream")) {
            runIds.add(new String(record.headers().lastHeader("run_id").value(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return runIds;
    }
}
