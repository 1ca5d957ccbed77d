/** The public run lifecycle, one writer per thread. */
package dev.kgraph.model.events;
