package dev.kgraph.gateway.api;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * A checkpoint to resume or fork from ({@code checkpoint} in a run body). All parts are optional; the id is not checked
 * against storage here (an unknown id is the worker's problem, as in the reference servers).
 *
 * @param checkpointNs  the namespace, {@code ""} for the root graph
 * @param checkpointMap namespace to checkpoint id, for subgraphs
 */
public record CheckpointSelector(@Nullable String checkpointId, @Nullable String checkpointNs,
                            @Nullable ObjectNode checkpointMap) {
}
