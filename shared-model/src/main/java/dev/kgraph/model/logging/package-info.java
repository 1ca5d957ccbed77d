/** Log context shared by the gateway and the worker: which run and thread a log line is about. */
package dev.kgraph.model.logging;
