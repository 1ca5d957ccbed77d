/** What crosses process boundaries: records exchanged over Kafka, API object shapes, topic definitions and serdes. */
package dev.kgraph.model;
