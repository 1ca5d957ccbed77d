/** Assistants: one system assistant per registered graph, published by workers. */
package dev.kgraph.model.assistants;
