/** Replays the LangGraph.js golden cases of {@code graph-runtime/golden/cases} on the Java runtime and compares the results. */
package dev.kgraph.graph.golden;
