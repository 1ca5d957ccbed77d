package dev.kgraph.faults;

import java.net.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/** What one HTTP request to a gateway came to, as its client can tell. */
sealed interface Exchange {

    /** The gateway the request went to (index into the cluster's gateways). */
    int gateway();

    /** The connection was refused (or never set up): nothing was sent, so sending it again elsewhere is safe. */
    record Refused(int gateway, String reason) implements Exchange {
    }

    /**
     * The request may have reached the gateway, but no status came back (connection broken, or no answer in time):
     * the server may or may not have acted on it. Only the server's own records can tell.
     */
    record Lost(int gateway, String reason) implements Exchange {
    }

    /**
     * A status and headers came back. {@code body} is the whole body, or null when the connection broke (or no end
     * came in time) while reading it; {@code bodyFailure} then says what happened.
     */
    record Answered(int gateway, int status, HttpHeaders headers, @Nullable String body, @Nullable String bodyFailure)
            implements Exchange {

        @Nullable String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Nullable Object json() {
            return body == null ? null : Json.read(body);
        }

        boolean ok() {
            return status == 200 && body != null;
        }
    }
}
