/** Topic names with their serdes; the topic table in README.md mirrors this package. */
package dev.kgraph.model.topics;
