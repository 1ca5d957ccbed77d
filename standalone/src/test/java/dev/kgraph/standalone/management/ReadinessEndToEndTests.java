package dev.kgraph.standalone.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.gateway.GatewayApplication;
import dev.kgraph.standalone.Standalone;
import dev.kgraph.standalone.broker.BrokerSettings;
import dev.kgraph.standalone.broker.KraftBroker;
import dev.kgraph.standalone.e2e.Api;
import dev.kgraph.worker.WorkerApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Readiness tells the truth: once {@code /ok} (and {@code /actuator/health/readiness}) answer 200, a run on any
 * example graph succeeds at once; before that they answer 503. Then the runs show in {@code /actuator/prometheus}
 * with their graph and status.
 */
class ReadinessEndToEndTests {
    private static final List<String> GRAPHS = List.of("echo", "counter", "hitl", "slow", "fail");
    private static final Map<String, Object> HI = Map.of("messages", List.of(Map.of("role", "user", "content", "hi")));
    private static final Map<String, Object> ECHOED = Map.of("messages", List.of(
            Map.of("role", "user", "content", "hi"), Map.of("role", "ai", "content", "echo: hi")));

    @TempDir
    Path dataDir;

    @Test
    void theStandaloneServerAnswersOkOnlyWhenTheFirstRunSucceedsOnEveryGraph() {
        try (var system = Standalone.start(dataDir, 0, Map.of()); var api = new Api(system.baseUrl())) {
            var notReady = new ArrayList<Api.Response>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
                var ok = api.get("/ok");
                if (ok.status() != 200) {
                    notReady.add(ok);
                }
                return ok.status() == 200;
            });

            // at once, as the README's first example does
            var first = api.waitOnNewThread("echo", HI);
            for (var graph : GRAPHS) {
                var created = api.post("/threads/" + UUID.randomUUID() + "/runs",
                        Map.of("assistant_id", graph, "input", Map.of(), "if_not_exists", "create"));
                assertThat(created.status()).as(graph + ": " + created.body()).isEqualTo(200);
            }

            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(first.json()).isEqualTo(ECHOED);
            assertThat(notReady).allSatisfy(response -> {
                assertThat(response.status()).isEqualTo(503);
                assertThat(response.json()).containsKey("detail");
            });
            assertThat(api.get("/ok").json()).isEqualTo(Map.of("ok", true));
            var readiness = api.get("/actuator/health/readiness");
            assertThat(readiness.status()).isEqualTo(200);
            assertThat(readiness.body()).contains("\"kafkaTails\"", "\"assistants\"", "\"sequencer\"",
                    "\"graphs\"", "\"localGraphs\"");
            assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
            assertThat(api.get("/actuator/health").status()).isEqualTo(200);

            // two runs on echo: the runs/wait and the one created above, which ends a moment later
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var scrape = new Scrape(api.get("/actuator/prometheus").body());
                assertThat(scrape.value("kgraph_runs_accepted_total", Map.of("graph_id", "echo"))).hasValue(2);
                assertThat(scrape.value("kgraph_runs_finished_total",
                        Map.of("graph_id", "echo", "status", "success"))).hasValue(2);
                assertThat(scrape.value("kgraph_runs_wait_seconds_count", Map.of("endpoint", "thread",
                        "outcome", "SUCCESS"))).hasValue(1);
                // the background runs are in Spring's HTTP observation; runs/wait is timed by kgraph.runs.wait only
                assertThat(scrape.value("http_server_requests_seconds_count", Map.of("method", "POST",
                        "uri", "/threads/{threadId}/runs", "status", "200"))).hasValue(GRAPHS.size());
            });
            assertThat(api.get("/actuator/prometheus").body())
                    .doesNotContainPattern("(?m)^http_server_requests[a-z_]*\\{[^}]*uri=\"[^\"]*/runs/wait\"");
            // every Kafka client's own metrics, side by side (one set of tag keys per name, or Prometheus drops some)
            var scrape = api.get("/actuator/prometheus").body();
            assertThat(scrape)
                    .containsPattern("(?m)^kafka_consumer_fetch_manager_records_lag_max\\{client_id=\"tail-kgraph.events-")
                    .containsPattern("(?m)^kafka_consumer_fetch_manager_records_lag_max\\{client_id=\"consumer-kgraph-webhooks")
                    .containsPattern("(?m)^kafka_consumer_fetch_manager_records_lag_max\\{client_id=\"kgraph-sequencer-[^\"]*-StreamThread-1-consumer\"")
                    .containsPattern("(?m)^kafka_producer_record_send_total\\{client_id=\"kgraph-sequencer-[^\"]*-StreamThread-1-producer\"")
                    .containsPattern("(?m)^kafka_stream_thread_process_total\\{");
        }
    }

    @Test
    void aGatewayAndAWorkerRunSeparatelyEachAnswerHealthAndMetricsAndTheGatewayIsReadyOnlyWithTheWorkersGraphs(
            @TempDir Path brokerDir) {
        try (var broker = KraftBroker.start(BrokerSettings.singleNode(brokerDir))) {
            var kafka = Map.<String, Object>of("spring.kafka.bootstrap-servers", broker.bootstrapServers());
            try (var gatewayContext = new SpringApplicationBuilder(GatewayApplication.class).properties(kafka)
                    .properties(Map.of("server.port", 0, "server.address", "127.0.0.1",
                            "kgraph.gateway.readiness.graphs", String.join(",", GRAPHS))).run();
                 var gateway = new Api(Api.baseUrl(gatewayContext))) {
                // no worker has ever run on this cluster: the gateway is alive but knows no graph
                assertThat(gateway.get("/actuator/health/liveness").status()).isEqualTo(200);
                var readiness = gateway.get("/actuator/health/readiness");
                assertThat(readiness.status()).isEqualTo(503);
                assertThat(readiness.json()).containsEntry("status", "DOWN");
                var ok = gateway.get("/ok");
                assertThat(ok.status()).isEqualTo(503);
                assertThat(ok.json()).containsKey("detail");

                try (var workerContext = new SpringApplicationBuilder(WorkerApplication.class).properties(kafka)
                        .properties(Map.of("kgraph.worker.state-dir", dataDir.resolve("streams").toString(),
                                "server.port", 0, "server.address", "127.0.0.1")).run();
                     var worker = new Api(Api.baseUrl(workerContext))) {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                            .until(() -> gateway.get("/ok").status() == 200);
                    var response = gateway.waitOnNewThread("echo", HI);

                    assertThat(response.status()).as(response.body()).isEqualTo(200);
                    assertThat(response.json()).isEqualTo(ECHOED);
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> worker.get("/actuator/health/readiness").status() == 200);
                    assertThat(worker.get("/actuator/health/liveness").status()).isEqualTo(200);

                    var workerScrape = new Scrape(worker.get("/actuator/prometheus").body());
                    assertThat(workerScrape.value("kgraph_runs_accepted_total", Map.of("graph_id", "echo")))
                            .hasValue(1);
                    assertThat(workerScrape.value("kgraph_runs_finished_total",
                            Map.of("graph_id", "echo", "status", "success"))).hasValue(1);
                    assertThat(workerScrape.value("kgraph_runs_finished_total",
                            Map.of("graph_id", "echo", "status", "error"))).hasValue(0);
                    assertThat(workerScrape.value("kgraph_run_duration_seconds_count",
                            Map.of("graph_id", "echo", "status", "success"))).hasValue(1);
                    assertThat(workerScrape.value("kgraph_run_duration_seconds_bucket",
                            Map.of("graph_id", "echo", "status", "success", "le", "+Inf"))).hasValue(1);
                    assertThat(workerScrape.value("kgraph_runs_in_flight", Map.of())).hasValue(0);
                    assertThat(workerScrape.value("kgraph_threads_queued_runs_max", Map.of())).hasValue(0);
                    assertThat(workerScrape.text()).containsPattern("(?m)^kafka_stream_\\w+\\{")
                            .containsPattern("(?m)^kafka_producer_\\w+\\{");
                    assertThat(workerScrape.text().lines().filter(line -> line.startsWith("kgraph_")))
                            .noneMatch(line -> line.contains("run_id=") || line.contains("thread_id="));
                    assertThat(workerScrape.value("kgraph_run_duration_seconds_bucket",
                            Map.of("graph_id", "echo", "status", "success", "le", "3600.0"))).hasValue(1);

                    var gatewayScrape = new Scrape(gateway.get("/actuator/prometheus").body());
                    assertThat(gatewayScrape.value("kgraph_runs_wait_seconds_count",
                            Map.of("endpoint", "thread", "outcome", "SUCCESS"))).hasValue(1);
                    assertThat(gatewayScrape.value("kgraph_gateway_waiters", Map.of())).hasValue(0);
                    assertThat(gatewayScrape.value("kgraph_gateway_pending_requests", Map.of())).hasValue(0);
                    assertThat(gatewayScrape.text()).doesNotContain("kgraph_runs_finished_total");
                }
            }
        }
    }
}
