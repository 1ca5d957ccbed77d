/** Graph registration: users declare {@link dev.kgraph.worker.graphs.GraphProvider} beans; the registry compiles them. */
package dev.kgraph.worker.graphs;
