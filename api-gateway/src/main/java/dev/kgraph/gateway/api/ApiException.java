package dev.kgraph.gateway.api;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A failure the client is meant to see: the error handlers turn it into {@code status} with the JSON body
 * {@code {"detail": detail}}, so the detail must be safe and useful to show to an API user.
 *
 * <p>Throw it from controllers or anything they call; use the factories so the statuses stay those of the Python
 * server (404 missing, 409 conflict, 400 semantic misuse, 422 schema validation, 503 overload).
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final @Nullable Duration retryAfter;

    public ApiException(HttpStatus status, String detail) {
        this(status, detail, null);
    }

    public ApiException(HttpStatus status, String detail, @Nullable Duration retryAfter) {
        super(detail);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, detail);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, detail);
    }

    public static ApiException unprocessable(String detail) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, detail);
    }

    /** 413, as for a body over the HTTP limit: a request larger than a Kafka record takes. */
    public static ApiException tooLarge() {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, ErrorClassifier.TOO_LARGE);
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, detail);
    }

    /** 503 with a {@code Retry-After} header in whole seconds (rounded up), for overload and back-pressure. */
    public static ApiException unavailable(String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, detail, retryAfter);
    }

    public HttpStatus status() {
        return status;
    }

    /** The text of the {@code detail} field. */
    public String detail() {
        String message = getMessage();
        return message == null ? status.getReasonPhrase() : message;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
