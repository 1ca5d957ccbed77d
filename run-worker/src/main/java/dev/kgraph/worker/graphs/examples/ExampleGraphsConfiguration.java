package dev.kgraph.worker.graphs.examples;

import dev.kgraph.graph.CompiledGraph;
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
        return provider("echo", ExampleGraphs.echo());
    }

    @Bean
    GraphProvider counterGraph() {
        return provider("counter", ExampleGraphs.counter());
    }

    @Bean
    GraphProvider hitlGraph() {
        return provider("hitl", ExampleGraphs.hitl());
    }

    @Bean
    GraphProvider slowGraph() {
        return provider("slow", ExampleGraphs.slow());
    }

    @Bean
    GraphProvider failGraph() {
        return provider("fail", ExampleGraphs.fail());
    }

    @Bean
    GraphProvider chatGraph() {
        return provider("chat", ExampleGraphs.chat());
    }

    @Bean
    GraphProvider emitterGraph() {
        return provider("emitter", ExampleGraphs.emitter());
    }

    @Bean
    GraphProvider memoryGraph() {
        return provider("memory", ExampleGraphs.memory());
    }

    private static GraphProvider provider(String id, CompiledGraph graph) {
        return new GraphProvider() {
            @Override
            public String graphId() {
                return id;
            }

            @Override
            public CompiledGraph graph() {
                return graph;
            }
        };
    }
}
