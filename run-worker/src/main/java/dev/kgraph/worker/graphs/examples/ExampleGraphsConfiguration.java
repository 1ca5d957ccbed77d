package dev.kgraph.worker.graphs.examples;

import dev.kgraph.graph.examples.ExampleGraphs;
import dev.kgraph.worker.graphs.GraphProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the reference server's example graphs ({@link ExampleGraphs}: echo, counter, hitl, slow, fail) and
 * {@code chat}, which streams its answer token by token, {@code emitter}, which sends a given number of custom stream
 * events (for the streaming benchmark), and {@code memory}, which remembers facts across threads in the store.
 * Disable with {@code kgraph.worker.example-graphs.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "kgraph.worker.example-graphs", name = "enabled", havingValue = "true",
        matchIfMissing = true)
public class ExampleGraphsConfiguration {

    @Bean
    GraphProvider echoGraph() {
        return GraphProvider.of("echo", ExampleGraphs.echo());
    }

    @Bean
    GraphProvider counterGraph() {
        return GraphProvider.of("counter", ExampleGraphs.counter());
    }

    @Bean
    GraphProvider hitlGraph() {
        return GraphProvider.of("hitl", ExampleGraphs.hitl());
    }

    @Bean
    GraphProvider slowGraph() {
        return GraphProvider.of("slow", ExampleGraphs.slow());
    }

    @Bean
    GraphProvider failGraph() {
        return GraphProvider.of("fail", ExampleGraphs.fail());
    }

    @Bean
    GraphProvider chatGraph() {
        return GraphProvider.of("chat", ExampleGraphs.chat());
    }

    @Bean
    GraphProvider emitterGraph() {
        return GraphProvider.of("emitter", ExampleGraphs.emitter());
    }

    @Bean
    GraphProvider memoryGraph() {
        return GraphProvider.of("memory", ExampleGraphs.memory());
    }
}
