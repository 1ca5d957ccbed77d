/** Requests from gateways to the single writer of a thread. */
package dev.kgraph.model.requests;
