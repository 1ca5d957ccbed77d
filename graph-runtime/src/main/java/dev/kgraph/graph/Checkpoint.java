package dev.kgraph.graph;

import java.util.Map;

/**
 * One superstep's saved channel state (LangGraph's checkpoint, format version {@code v}). Channel versions are
 * integers (Integer/Long); a channel absent from {@code channelValues} is empty, one mapped to null holds null.
 * Treat the maps as read-only: the runtime never mutates a checkpoint after creating it.
 *
 * @param id           time-ordered UUID (v6 layout), so ids sort by creation time as strings
 * @param versionsSeen per node (and {@code "__interrupt__"}), the channel versions it last consumed
 */
public record Checkpoint(int v, String id, String ts, Map<String, Object> channelValues,
                         Map<String, Object> channelVersions, Map<String, Map<String, Object>> versionsSeen) {

    public static final int VERSION = 4;
}
