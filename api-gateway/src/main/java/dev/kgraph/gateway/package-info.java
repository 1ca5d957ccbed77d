/** The gateway: a stateless HTTP server of the LangGraph Platform API that talks to the threads' writers over Kafka. */
package dev.kgraph.gateway;
