/**
 * Runs: creating them (wait, background; also for the stateless endpoints), reading, joining, deleting and cancelling
 * them (one, or many at once), all through the thread's writer.
 */
package dev.kgraph.gateway.runs;
