/** The API's timestamps (ISO-8601 instants in UTC), read and written on the hot path without java.time's formatters. */
package dev.kgraph.model.time;
