package dev.kgraph.graph;

import java.util.Map;

/**
 * Filters for {@link CheckpointSaver#list}: only checkpoints older than {@code before} (an id), at most {@code limit}
 * (null: all), whose metadata contains every entry of {@code metadataFilter} (keys of the flat metadata map).
 */
public record ListOptions(String before, Integer limit, Map<String, Object> metadataFilter) {

    public ListOptions {
        metadataFilter = metadataFilter == null ? Map.of() : metadataFilter;
    }

    public static ListOptions all() {
        return new ListOptions(null, null, Map.of());
    }

    public static ListOptions limit(int limit) {
        return new ListOptions(null, limit, Map.of());
    }

    public ListOptions withBefore(String checkpointId) {
        return new ListOptions(checkpointId, limit, metadataFilter);
    }

    public ListOptions withLimit(Integer n) {
        return new ListOptions(before, n, metadataFilter);
    }

    public ListOptions withFilter(Map<String, Object> filter) {
        return new ListOptions(before, limit, filter);
    }

    /** Whether {@code metadata} passes the metadata filter. */
    public boolean matches(CheckpointMetadata metadata) {
        if (metadataFilter.isEmpty()) {
            return true;
        }
        Map<String, Object> flat = metadata.toJson();
        for (Map.Entry<String, Object> e : metadataFilter.entrySet()) {
            if (!java.util.Objects.equals(flat.get(e.getKey()), e.getValue())) {
                return false;
            }
        }
        return true;
    }
}
