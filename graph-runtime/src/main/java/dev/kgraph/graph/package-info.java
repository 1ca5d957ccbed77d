/** A Pregel-style graph runtime with LangGraph's execution semantics: authoring API, runs, checkpoints and state snapshots. */
package dev.kgraph.graph;
