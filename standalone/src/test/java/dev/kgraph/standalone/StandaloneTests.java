package dev.kgraph.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kgraph.gateway.GatewayApplication;
import dev.kgraph.worker.WorkerApplication;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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
