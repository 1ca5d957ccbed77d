/**
 * The store a graph's nodes share across threads (LangGraph's {@code BaseStore}, long-term memory): items of JSON
 * values under namespaces, reached from a node through {@link dev.kgraph.graph.NodeContext#store()}.
 */
package dev.kgraph.graph.store;
