/**
 * The gateway's side of the Kafka conversation with the threads' single writers: requests out, replies and run
 * completions in, correlated by id with bounded, expiring waiters.
 */
package dev.kgraph.gateway.requests;
