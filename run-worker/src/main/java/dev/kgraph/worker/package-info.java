/** The worker: the single writer of each thread (sequencer) and the pool that executes graphs. */
package dev.kgraph.worker;
