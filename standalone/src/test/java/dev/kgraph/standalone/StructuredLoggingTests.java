package dev.kgraph.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kgraph.model.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * With structured logging ({@code logging.structured.format.console=ecs}) each log line is a JSON object, and a line
 * about a run carries the run's {@code run_id} and {@code thread_id}.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTests {

    @TempDir
    Path dataDir;

    @Test
    void aRunsLogLinesAreJsonWithItsRunAndThreadIds(CapturedOutput output) throws Exception {
        // as on the standalone jar's command line: logging is configured before any other property source is added
        String[] args = {"--kgraph.standalone.data-dir=" + dataDir, "--server.port=0",
                "--logging.structured.format.console=ecs", "--logging.level.dev.kgraph.worker.execution=DEBUG",
                "--logging.config=classpath:logback-structured-test.xml"};
        try (var system = Standalone.start(StandaloneSettings.resolve(args), Map.of(), args);
             var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            var threadId = UUID.randomUUID().toString();
            var body = Json.write(Map.of("assistant_id", "echo", "if_not_exists", "create",
                    "input", Map.of("messages", List.of(Map.of("role", "user", "content", "hi")))));
            var response = await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(
                    URI.create(system.baseUrl() + "/threads/" + threadId + "/runs/wait"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200);
            var runId = response.headers().firstValue("content-location").orElseThrow().replaceAll(".*/", "");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                var lines = runLines(output.getOut(), runId);
                assertThat(lines).extracting(line -> line.path("message").asString())
                        .anyMatch(message -> message.startsWith("run started"))
                        .anyMatch(message -> message.startsWith("run ended: success"));
                assertThat(lines).allSatisfy(line -> {
                    assertThat(line.path("thread_id").asString()).isEqualTo(threadId);
                    assertThat(line.path("@timestamp").isMissingNode()).isFalse();
                    assertThat(line.path("log").path("level").asString()).isEqualTo("DEBUG");
                });
            });
        }
    }

    /** The JSON lines of the output that carry this run id. */
    private static List<JsonNode> runLines(String out, String runId) {
        return out.lines().filter(line -> line.startsWith("{") && line.contains(runId))
                .map(line -> Json.MAPPER.readTree(line))
                .filter(json -> runId.equals(json.path("run_id").asString()))
                .toList();
    }
}
