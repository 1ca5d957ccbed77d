/** The superstep engine behind {@link dev.kgraph.graph.CompiledGraph}: channels, task planning, write application, the run loop. Internal: not a stable API. */
package dev.kgraph.graph.pregel;
