package dev.kgraph.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * On a real Netty server: connections are accepted by a loop that serves none of them, so a burst that keeps every
 * I/O loop busy cannot leave the kernel's accept queue full (the failure {@link HttpServerLoops} is there for).
 */
@SpringBootTest(classes = HttpServerLoopsIntegrationTests.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HttpServerLoopsIntegrationTests {

    /** For each connection the server accepted: the loop that accepted it, the loop that serves it. */
    record Accepted(EventLoop acceptedOn, EventLoop servedOn) {
    }

    static final List<Accepted> ACCEPTED = new CopyOnWriteArrayList<>();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({HttpServerLoops.class, OkController.class})
    static class App {
        @Bean
        NettyServerCustomizer recordLoops() {
            return server -> server.doOnConnection(connection -> ACCEPTED.add(new Accepted(
                    connection.channel().parent().eventLoop(), connection.channel().eventLoop())));
        }
    }

    @RestController
    static class OkController {
        @GetMapping("/ok")
        String ok() {
            return "{\"ok\":true}";
        }
    }

    private static String threadName(EventLoop loop) throws Exception {
        return loop.submit(() -> Thread.currentThread().getName()).get();
    }

    @LocalServerPort
    private int port;

    @Test
    void connectionsAreAcceptedOnALoopThatServesNone() throws Exception {
        ACCEPTED.clear();
        // twice as many connections as I/O loops: with the acceptor on a shared loop, some would be served on it
        int connections = 2 * Math.max(Runtime.getRuntime().availableProcessors(), 4);
        for (int i = 0; i < connections; i++) {
            try (var client = java.net.http.HttpClient.newHttpClient()) { // a new connection each time
                var answer = client.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + port + "/ok")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
            }
        }

        assertThat(ACCEPTED).hasSize(connections);
        var acceptors = ACCEPTED.stream().map(Accepted::acceptedOn).distinct().toList();
        var servers = ACCEPTED.stream().map(Accepted::servedOn).distinct().toList();
        assertThat(acceptors).hasSize(1);
        assertThat(servers).hasSizeGreaterThan(1).doesNotContain(acceptors.getFirst());
        assertThat(threadName(acceptors.getFirst())).startsWith("http-select");
    }
}
