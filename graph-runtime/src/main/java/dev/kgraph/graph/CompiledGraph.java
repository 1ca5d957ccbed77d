package dev.kgraph.graph;

import dev.kgraph.graph.internals.GraphSpec;
import dev.kgraph.graph.internals.PregelRun;
import dev.kgraph.graph.internals.SnapshotBuilder;
import dev.kgraph.graph.internals.UpdateState;
import java.util.List;
import java.util.Map;

/**
 * A validated, immutable graph. Thread-safe: any number of runs may execute at once, each confined to its caller's
 * thread (its nodes run on virtual threads). Runs on one thread id must not overlap (the caller serialises them).
 */
public final class CompiledGraph {
    private final GraphSpec spec;
    private final String name;
    private final Map<String, Object> description;
    private final Map<String, Object> schema;

    CompiledGraph(GraphSpec spec, String name, Map<String, Object> description, Map<String, Object> schema) {
        this.spec = spec;
        this.name = name;
        this.description = description;
        this.schema = schema;
    }

    /**
     * Runs the graph.
     *
     * @param input  a {@code Map} (new pass from START on top of the thread's state), null (resume the pending tasks,
     *               or replay from {@code config.checkpointId()}), or a {@link Command}
     * @param config thread, breakpoints, limits; a null thread id means a stateless run (the saver is not used)
     * @param saver  may be null: no persistence, and {@code interrupt()} then fails as in LangGraph
     * @param cancel may be null
     */
    public RunResult invoke(Object input, RunConfig config, CheckpointSaver saver, StreamListener listener,
                            CancellationToken cancel) {
        return new PregelRun(spec, config == null ? RunConfig.defaults() : config, saver, listener, cancel, List.of(),
                Map.of()).run(input);
    }

    /**
     * Crash recovery: continues a run whose execution died, from the latest checkpoint of {@code config}'s thread,
     * exactly where its loop was (see the worker's recovery). Unlike {@code invoke(null, ...)}, which resumes past a
     * breakpoint as a user's "continue" does, this stops again at a breakpoint the dead execution had reached.
     *
     * @param config must name a thread; its {@code checkpointId} is ignored (the latest checkpoint is the one)
     */
    public RunResult continueAfterCrash(RunConfig config, CheckpointSaver saver, StreamListener listener,
                                        CancellationToken cancel) {
        return new PregelRun(spec, config.toBuilder().checkpointId(null).build(), saver, listener, cancel, List.of(),
                Map.of()).continueAfterCrash();
    }

    public RunResult invoke(Object input, RunConfig config, CheckpointSaver saver) {
        return invoke(input, config, saver, StreamListener.NONE, CancellationToken.NONE);
    }

    /** A stateless run. */
    public RunResult invoke(Object input) {
        return invoke(input, RunConfig.defaults(), null, StreamListener.NONE, CancellationToken.NONE);
    }

    /**
     * The state at a checkpoint (latest when {@code checkpointIdOrNull} is null); empty snapshot for an unknown thread.
     * As LangGraph: pending writes of Command input are applied to the values, and for the latest checkpoint the
     * writes of tasks that finished in an interrupted step too (those tasks then leave {@code next}).
     */
    public StateSnapshot getState(CheckpointSaver saver, String threadId, String checkpointIdOrNull) {
        return saver.get(threadId, "", checkpointIdOrNull)
                .map(t -> SnapshotBuilder.snapshot(spec, t, checkpointIdOrNull == null))
                .orElseGet(StateSnapshot::empty);
    }

    /** Checkpoint history, newest first. */
    public List<StateSnapshot> getStateHistory(CheckpointSaver saver, String threadId, ListOptions options) {
        List<StateSnapshot> out = new java.util.ArrayList<>();
        for (CheckpointTuple t : saver.list(threadId, "", options)) {
            out.add(SnapshotBuilder.snapshot(spec, t, false));
        }
        return out;
    }

    /**
     * Applies {@code values} as if {@code asNodeOrNull} (default: the node that ran last, or START on an empty
     * thread) had returned them, and stores a checkpoint with source {@code update} (or {@code fork} when
     * {@code config.checkpointId()} is an older checkpoint).
     */
    public CheckpointTuple updateState(CheckpointSaver saver, RunConfig config, Object values, String asNodeOrNull) {
        return UpdateState.update(spec, saver, config, values, asNodeOrNull);
    }

    /** LangGraph's graph JSON: {@code {nodes:[{id,type,data}], edges:[{source,target,conditional}]}}. */
    public Map<String, Object> describe() {
        return description;
    }

    /** {@code {title, type:"object", properties:{field:{}}}}. */
    public Map<String, Object> stateSchema() {
        return schema;
    }

    public String name() {
        return name;
    }

    /** The compiled structure, for embedding this graph as a subgraph; internal, so not public. */
    GraphSpec spec() {
        return spec;
    }
}
