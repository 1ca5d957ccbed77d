/**
 * Who may call the API: optional API keys ({@code kgraph.auth.*}, checked by
 * {@link dev.kgraph.gateway.access.ApiKeyFilter}) and CORS for browser clients on other origins
 * ({@code kgraph.cors.*}, every origin by default as in LangGraph Platform). See {@code docs/api-access.md}.
 */
@NullMarked
package dev.kgraph.gateway.access;

import org.jspecify.annotations.NullMarked;
