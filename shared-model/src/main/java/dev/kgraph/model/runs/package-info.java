/** Runs: the API object, its status lifecycle and the specification a gateway sends to create one. */
package dev.kgraph.model.runs;
