/** A bounded, loopback-only load generator for {@code POST /threads/{id}/runs/wait}: runs/s and latency percentiles. */
package dev.kgraph.load;
