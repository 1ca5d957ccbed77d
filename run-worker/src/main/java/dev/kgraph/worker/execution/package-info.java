/**
 * The execution pool: runs graphs on virtual threads, bounded by {@code kgraph.worker.max-concurrent-runs}, off the
 * Kafka threads, and reports only through {@code kgraph.progress}.
 */
package dev.kgraph.worker.execution;
