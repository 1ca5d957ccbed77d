package dev.kgraph.graph;

/** When checkpoints reach the saver. */
public enum Durability {
    /** Each checkpoint is acknowledged before the next superstep starts. */
    SYNC,
    /** Checkpoints are handed to the saver in order without waiting; all are awaited before the run returns. */
    ASYNC,
    /** Only the final checkpoint (and pending writes) is saved when the run ends. */
    EXIT
}
