/**
 * {@code /store}: LangGraph's long-term memory. Each item's requests go to the writer of its partition; searches and
 * namespace listings ask every partition and merge.
 */
package dev.kgraph.gateway.store;
