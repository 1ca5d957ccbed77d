/**
 * The superstep engine behind {@link dev.kgraph.graph.CompiledGraph}: channels, task planning, write application,
 * the run loop, LangGraph's ids. Internal, as Kafka Streams' {@code internals} packages are: not a stable API, and
 * no type of it appears in a public signature of {@code dev.kgraph.graph} ({@code PublicApiTests} checks that).
 */
package dev.kgraph.graph.internals;
