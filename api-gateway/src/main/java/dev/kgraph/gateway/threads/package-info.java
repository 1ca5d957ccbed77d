/**
 * Threads: create, read, patch, delete, search, state (read and update) and history, answered by the thread's single
 * writer (a search by the writers of every partition).
 */
package dev.kgraph.gateway.threads;
