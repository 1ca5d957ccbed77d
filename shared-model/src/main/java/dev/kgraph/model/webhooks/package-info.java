/** Webhook delivery state shared by the dispatcher and the thread writer. */
package dev.kgraph.model.webhooks;
