/** The five example graphs of the reference server (echo, counter, hitl, slow, fail), enabled by default. */
package dev.kgraph.worker.graphs.examples;
