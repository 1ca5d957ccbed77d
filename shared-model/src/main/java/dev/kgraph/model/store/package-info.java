/** The store (LangGraph's long-term memory): namespace rules and the addressing of items on the request topic. */
package dev.kgraph.model.store;
