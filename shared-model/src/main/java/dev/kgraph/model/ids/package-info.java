/** Time-ordered identifiers. */
package dev.kgraph.model.ids;
