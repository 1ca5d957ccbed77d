/** The standalone distribution: one JVM running an embedded Kafka node, the gateway and the worker. */
@NullMarked
package dev.kgraph.standalone;

import org.jspecify.annotations.NullMarked;
