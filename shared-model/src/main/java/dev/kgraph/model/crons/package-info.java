/** Crons: a run created on a schedule, decided by the cron's single writer (see docs/crons.md). */
package dev.kgraph.model.crons;
