/** Assistants: the registry workers publish, materialised in every gateway, and its endpoints. */
package dev.kgraph.gateway.assistants;
