package dev.kgraph.worker.checkpoints;

import dev.kgraph.graph.CheckpointJson;
import dev.kgraph.graph.InMemoryCheckpointSaver;
import dev.kgraph.graph.RunConfig;
import dev.kgraph.worker.graphs.GraphRegistry;
import dev.kgraph.worker.sequencer.StateUpdater;
import java.util.Map;

/**
 * {@code update_state} with the registered graph: the base checkpoint is loaded into a throw-away in-memory saver,
 * the runtime writes the new checkpoint there (source {@code update}, or {@code fork} from an older one), and the
 * result is handed back to the sequencer, which stores it like any other checkpoint.
 */
public final class GraphStateUpdater implements StateUpdater {
    private final GraphRegistry graphs;

    public GraphStateUpdater(GraphRegistry graphs) {
        this.graphs = graphs;
    }

    @Override
    public byte[] update(String graphId, String threadId, byte[] base, Object values, String asNode,
                         Map<String, Object> metadata) {
        var graph = graphs.find(graphId).orElseThrow(() -> new IllegalArgumentException(
                "No graph '" + graphId + "' is registered on this worker"));
        var saver = new InMemoryCheckpointSaver();
        String baseId = null;
        if (base != null) {
            var tuple = CheckpointJson.fromBytes(base);
            saver.put(tuple).join();
            baseId = tuple.checkpointId();
        }
        var config = RunConfig.builder().threadId(threadId).checkpointId(baseId).metadata(metadata).build();
        var updated = graph.updateState(saver, config, values, asNode);
        return CheckpointJson.toBytes(updated);
    }
}
