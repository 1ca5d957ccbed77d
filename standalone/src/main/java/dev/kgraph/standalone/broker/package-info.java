/** A real Kafka KRaft node (broker and controller combined) embedded in the JVM, with its data on disk. */
@NullMarked
package dev.kgraph.standalone.broker;

import org.jspecify.annotations.NullMarked;
