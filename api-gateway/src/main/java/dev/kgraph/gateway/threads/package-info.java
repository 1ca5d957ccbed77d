/** Threads: create, read, state and history, answered by the thread's single writer. */
package dev.kgraph.gateway.threads;
