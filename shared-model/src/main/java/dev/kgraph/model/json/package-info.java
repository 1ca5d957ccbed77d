/** JSON mapping shared by every process: one mapper, one serde. */
package dev.kgraph.model.json;
