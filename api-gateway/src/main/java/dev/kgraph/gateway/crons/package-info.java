/**
 * {@code /runs/crons/*} and {@code /threads/{id}/runs/crons}: crons are validated here and decided by their single
 * writer in the sequencer (keyed by cron id), which also fires their ticks (docs/crons.md).
 */
package dev.kgraph.gateway.crons;
