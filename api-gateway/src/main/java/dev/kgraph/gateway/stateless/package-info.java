/**
 * Stateless runs ({@code POST /runs}, {@code /runs/wait}, {@code /runs/batch}): each run gets a thread the server
 * names, temporary unless {@code on_completion: keep}, and otherwise goes through the same writer path as thread runs.
 */
package dev.kgraph.gateway.stateless;
