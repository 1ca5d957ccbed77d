/**
 * JMH benchmarks of the runtime: per-superstep overhead, 1,000 concurrent runs on virtual threads, checkpoint size and
 * serialisation cost. Not tests: Surefire never runs them (no *Test/*Tests name). Run them with
 * {@code ./mvnw -B -q -pl graph-runtime -Pjmh test-compile exec:exec} (see README.md in this directory).
 */
package dev.kgraph.graph.bench;
