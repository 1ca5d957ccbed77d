/**
 * Checkpoints on Kafka: executors write them to {@code kgraph.progress} (acknowledged by Kafka before the next step
 * under {@code durability=sync}); the sequencer stores them in its changelog-backed store, from which state reads
 * are answered and the next run of the thread starts.
 */
package dev.kgraph.worker.checkpoints;
