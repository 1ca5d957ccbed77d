package dev.kgraph.worker.sequencer;

import java.util.Map;

/**
 * Applies {@code POST /threads/{id}/state}: LangGraph's {@code update_state}, which runs the graph's reducers (not its
 * nodes) and therefore needs the graph. It is quick and runs on the sequencer's thread, so the update is ordered with
 * every other decision about the thread.
 */
public interface StateUpdater {

    /**
     * @param base     the checkpoint to update (latest, or an older one for a fork); null for a thread without any
     * @param metadata recorded in the new checkpoint's metadata
     * @return the new checkpoint, as stored bytes
     * @throws IllegalArgumentException when the update is invalid (unknown graph or node, bad values)
     */
    byte[] update(String graphId, String threadId, byte[] base, Object values, String asNode,
                  Map<String, Object> metadata);
}
