/** Publishes one system assistant per registered graph to the compacted {@code kgraph.assistants} topic. */
package dev.kgraph.worker.assistants;
