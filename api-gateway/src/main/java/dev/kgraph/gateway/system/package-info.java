/** Health and server information endpoints. */
package dev.kgraph.gateway.system;
