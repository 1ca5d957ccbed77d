package dev.kgraph.gateway.api;

/** The one error body of the API, {@code {"detail": "..."}}; the JS SDK parses error bodies as JSON, so never plain text. */
public record ErrorBody(String detail) {
}
