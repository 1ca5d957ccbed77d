/** Threads: the API object and its status. */
package dev.kgraph.model.threads;
