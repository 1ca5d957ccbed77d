/** Runs: creating them (wait, background), reading, joining and cancelling them, all through the thread's writer. */
package dev.kgraph.gateway.runs;
