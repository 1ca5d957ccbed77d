/** Executor to sequencer: checkpoints and outcomes of runs, fenced by attempt. */
package dev.kgraph.model.progress;
