/** The run stream events topic ({@code kgraph.stream}): record layout shared by executors and gateways. */
package dev.kgraph.model.stream;
