package dev.kgraph.worker.graphs;

import dev.kgraph.graph.CompiledGraph;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The graphs this worker can execute, by graph id, compiled once at start-up. */
public final class GraphRegistry {
    private final Map<String, CompiledGraph> graphs = new LinkedHashMap<>();
    private final Map<String, GraphProvider> providers = new LinkedHashMap<>();

    public GraphRegistry(List<GraphProvider> providers) {
        for (var provider : providers) {
            if (this.providers.putIfAbsent(provider.graphId(), provider) != null) {
                throw new IllegalStateException("two graphs are registered under the id '" + provider.graphId()
                        + "': graph ids must be unique");
            }
            graphs.put(provider.graphId(), provider.graph());
        }
    }

    public Optional<CompiledGraph> find(String graphId) {
        return Optional.ofNullable(graphs.get(graphId));
    }

    public Map<String, GraphProvider> providers() {
        return Collections.unmodifiableMap(providers);
    }

    public CompiledGraph graph(String graphId) {
        return graphs.get(graphId);
    }
}
