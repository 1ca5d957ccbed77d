package dev.kgraph.graph;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What a node can do besides returning an update: interrupt, emit custom stream data, read its run's config. */
public interface NodeContext {

    /**
     * Pauses the run for human input. The first call throws (the task is recorded as interrupted with an id); when the
     * run is resumed the node executes again from the start and this call returns the resume value. Several calls in
     * one node consume successive resume values.
     */
    Object interrupt(Object value);

    /** Sends {@code custom} to the run's stream listener as a {@link CustomEvent}. */
    void emit(Object custom);

    /**
     * Sends one piece of an AI message the node is producing (an LLM token) to the run's stream listener as a
     * {@link MessageChunkEvent}, the way LangChain's chat-model callbacks feed LangGraph's {@code messages} stream.
     * Chunks of one message share {@code messageId} and are concatenated in call order; the node still returns
     * the complete message in its update ({@code {type: "ai", id: messageId, content}}).
     */
    void emitMessageChunk(String messageId, String content);

    RunConfig config();

    /** The run's context (LangGraph's {@code context}), never null. */
    Map<String, Object> context();

    /** Name of the node being executed. */
    String node();

    /** Superstep number of the current task. */
    int step();

    /** Id of the current task (stable across a resume of the same checkpoint). */
    String taskId();

    /** Subgraph namespace of the graph executing this task (empty at top level). */
    List<String> namespace();

    /** True once the run has been cancelled; long-running nodes should stop. */
    boolean cancelled();

    /** Sleeps, but returns early by throwing {@link java.util.concurrent.CancellationException} when the run is cancelled. */
    void sleep(Duration duration);

    /**
     * The store shared across threads (LangGraph's {@code get_store()} / {@code runtime.store}): the server's store
     * when the run executes in a worker, or the one set with {@link RunConfig.Builder#store}.
     *
     * @throws IllegalStateException when the run has no store
     */
    default dev.kgraph.graph.store.BaseStore store() {
        var store = config().store();
        if (store == null) {
            throw new IllegalStateException("No store is configured for this run (RunConfig.Builder#store)");
        }
        return store;
    }
}
