package dev.kgraph.graph;

import java.util.List;
import java.util.Map;

/**
 * Per-run settings (LangGraph's RunnableConfig plus the run options of the Platform API). Immutable; build with
 * {@link #builder()}. {@code checkpointId} addresses an older checkpoint for replay/fork; null means the latest.
 */
public record RunConfig(String threadId, String checkpointNs, String checkpointId, int recursionLimit,
                        List<String> interruptBefore, List<String> interruptAfter, Durability durability,
                        Map<String, Object> configurable, List<String> tags, Map<String, Object> context,
                        Map<String, Object> metadata, String runId, dev.kgraph.graph.store.BaseStore store) {

    public static final int DEFAULT_RECURSION_LIMIT = 25;

    public RunConfig {
        checkpointNs = checkpointNs == null ? "" : checkpointNs;
        if (recursionLimit <= 0) {
            throw new IllegalArgumentException("recursionLimit must be positive, got " + recursionLimit);
        }
        interruptBefore = interruptBefore == null ? List.of() : List.copyOf(interruptBefore);
        interruptAfter = interruptAfter == null ? List.of() : List.copyOf(interruptAfter);
        durability = durability == null ? Durability.ASYNC : durability;
        configurable = configurable == null ? Map.of() : configurable;
        tags = tags == null ? List.of() : List.copyOf(tags);
        context = context == null ? Map.of() : context;
        metadata = metadata == null ? Map.of() : metadata;
    }

    /** A config with defaults only (no thread: stateless). */
    public static RunConfig defaults() {
        return builder().build();
    }

    /** A config for a thread with defaults otherwise. */
    public static RunConfig forThread(String threadId) {
        return builder().threadId(threadId).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().threadId(threadId).checkpointNs(checkpointNs).checkpointId(checkpointId)
                .recursionLimit(recursionLimit).interruptBefore(interruptBefore).interruptAfter(interruptAfter)
                .durability(durability).configurable(configurable).tags(tags).context(context).metadata(metadata)
                .runId(runId).store(store);
    }

    /** Mutable builder for {@link RunConfig}. */
    public static final class Builder {
        private String threadId;
        private String checkpointNs = "";
        private String checkpointId;
        private int recursionLimit = DEFAULT_RECURSION_LIMIT;
        private List<String> interruptBefore = List.of();
        private List<String> interruptAfter = List.of();
        private Durability durability = Durability.ASYNC;
        private Map<String, Object> configurable = Map.of();
        private List<String> tags = List.of();
        private Map<String, Object> context = Map.of();
        private Map<String, Object> metadata = Map.of();
        private String runId;
        private dev.kgraph.graph.store.BaseStore store;

        public Builder threadId(String v) { this.threadId = v; return this; }
        public Builder checkpointNs(String v) { this.checkpointNs = v; return this; }
        public Builder checkpointId(String v) { this.checkpointId = v; return this; }
        public Builder recursionLimit(int v) { this.recursionLimit = v; return this; }
        public Builder interruptBefore(List<String> v) { this.interruptBefore = v; return this; }
        public Builder interruptAfter(List<String> v) { this.interruptAfter = v; return this; }
        public Builder durability(Durability v) { this.durability = v; return this; }
        public Builder configurable(Map<String, Object> v) { this.configurable = v; return this; }
        public Builder tags(List<String> v) { this.tags = v; return this; }
        public Builder context(Map<String, Object> v) { this.context = v; return this; }
        public Builder metadata(Map<String, Object> v) { this.metadata = v; return this; }
        public Builder runId(String v) { this.runId = v; return this; }
        /** The store the run's nodes reach through {@link NodeContext#store()}; null: none. */
        public Builder store(dev.kgraph.graph.store.BaseStore v) { this.store = v; return this; }

        public RunConfig build() {
            return new RunConfig(threadId, checkpointNs, checkpointId, recursionLimit, interruptBefore, interruptAfter,
                    durability, configurable, tags, context, metadata, runId, store);
        }
    }
}
