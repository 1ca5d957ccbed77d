/**
 * The store as graph nodes see it ({@code NodeContext.store()}): every call is a request to the writer of the item's
 * partition through {@code kgraph.requests}, answered on {@code kgraph.replies}, so a node reads what any gateway or
 * other node wrote, whichever worker owns the item.
 */
package dev.kgraph.worker.store;
