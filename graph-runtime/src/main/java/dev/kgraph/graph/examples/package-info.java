/** The reference server's example graphs, written with this runtime. */
package dev.kgraph.graph.examples;
