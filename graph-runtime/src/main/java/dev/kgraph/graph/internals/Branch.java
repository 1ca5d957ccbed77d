package dev.kgraph.graph.internals;

import dev.kgraph.graph.Router;
import java.util.Map;

/** A conditional edge: the router and the optional map from router results to node names. */
public record Branch(Router router, Map<String, String> pathMap) {}
