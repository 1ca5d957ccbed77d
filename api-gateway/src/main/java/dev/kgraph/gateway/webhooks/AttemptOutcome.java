package dev.kgraph.gateway.webhooks;

import java.time.Duration;

/** What one delivery attempt came to, and so what happens next. */
sealed interface AttemptOutcome {

    /** A 2xx: done. */
    record Delivered(int statusCode) implements AttemptOutcome {
    }

    /** Not worth retrying: a 4xx other than 429, a redirect (never followed), or a URL the policy refuses. */
    record Rejected(Integer statusCode, String reason) implements AttemptOutcome {
    }

    /**
     * Worth retrying: a 5xx, a 429, a timeout or a network error. {@code retryAfter} is the receiver's
     * {@code Retry-After}, or null.
     */
    record Retryable(Integer statusCode, String reason, Duration retryAfter) implements AttemptOutcome {
    }

    /** Classifies an HTTP status; {@code retryAfter} is the parsed {@code Retry-After} header, or null. */
    static AttemptOutcome ofStatus(int status, Duration retryAfter) {
        if (status >= 200 && status < 300) {
            return new Delivered(status);
        }
        if (status == 429 || status >= 500) {
            return new Retryable(status, "receiver answered " + status, retryAfter);
        }
        if (status >= 300 && status < 400) {
            return new Rejected(status, "receiver answered " + status + " (redirects are not followed)");
        }
        return new Rejected(status, "receiver answered " + status);
    }
}
