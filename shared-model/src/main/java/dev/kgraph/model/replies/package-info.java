/** Replies from the single writer back to the gateway that asked. */
package dev.kgraph.model.replies;
