/**
 * The thread sequencer: a Kafka Streams processor that is the single writer of every thread of the partitions it owns.
 * It decides (accept, reject, queue, start, cancel), keeps threads, runs and checkpoints in changelog-backed stores,
 * answers gateways and publishes the run lifecycle. It never waits for a graph: runs go to the execution pool.
 */
package dev.kgraph.worker.sequencer;
