package dev.kgraph.gateway.api;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;

/**
 * The HTTP server's event loops, with one thread that only accepts connections.
 *
 * <p>By default Reactor Netty accepts on one of the loops that also read requests and write answers. When those are
 * busy (a burst of thousands of {@code runs/wait} arriving at once, on two cores), accepting falls behind, the
 * kernel's accept queue ({@code net.core.somaxconn}, 4,096 here) stays full for tens of seconds, and connections the
 * client believed open were closed before a byte was answered: 500-1,500 of a 10,000-call burst failed that way
 * (docs/benchmarks.md, section 8). A thread of its own empties the queue as fast as connections arrive; their
 * requests then wait in their sockets' buffers, which only costs memory, until an I/O loop reads them. The I/O loops
 * are as many as Reactor Netty's default ({@code max(cores, 4)}).
 *
 * <p>Spring Boot's web server takes its loops from the {@link ReactorResourceFactory} (after any server customizer, so
 * this cannot be a customizer); this one replaces Boot's, which would hand out Reactor Netty's global loops. The
 * factory starts and disposes them with the application, without Reactor Netty's quiet period of 2 s: by then the
 * graceful shutdown has let every request finish and the webhook senders have stopped, so the wait only made every
 * stop 2 s longer.
 */
@Configuration(proxyBeanMethods = false)
public class HttpServerLoops {
    /** Thread names: {@code http-select-*} accepts, {@code http-epoll-*} (or {@code -nio-}) serve. */
    static final String PREFIX = "http";

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        var factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        factory.setLoopResourcesSupplier(() -> LoopResources.create(PREFIX, 1, LoopResources.DEFAULT_IO_WORKER_COUNT,
                true));
        factory.setShutdownQuietPeriod(Duration.ZERO);
        return factory;
    }
}
