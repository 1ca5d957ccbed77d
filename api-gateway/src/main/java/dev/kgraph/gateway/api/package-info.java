/**
 * The HTTP edge of the LangGraph Platform API: typed request bodies, their validation, and the mapping of every
 * failure to a JSON {@code {"detail": "..."}} body with the status the Python server would send.
 */
@NullMarked
package dev.kgraph.gateway.api;

import org.jspecify.annotations.NullMarked;
