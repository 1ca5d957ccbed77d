/**
 * The multi-process fault-injection test: brokers, workers and gateways from the reactor's jars as separate JVMs on
 * loopback, a mixed client load through both gateways, SIGKILLs one at a time, and the checks that nothing accepted
 * was lost or duplicated.
 */
@NullMarked
package dev.kgraph.faults;

import org.jspecify.annotations.NullMarked;
