package dev.kgraph.gateway.api;

import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.core.exc.StreamReadException;

/**
 * The single place where a failure becomes an HTTP status and a {@code detail}. Bad input never maps to 5xx:
 * schema problems, unreadable JSON and bad path or query values are 422 (the Python server's status for them), an
 * oversized body is 413. Anything unexpected is a 500 with a generic detail, logged with its stack trace, so internals
 * never leak to clients.
 */
final class ErrorClassifier {

    static final String INVALID_JSON = "Invalid JSON in request body";
    static final String EMPTY_BODY = "Invalid JSON in request body: the body is empty";
    static final String NOT_JSON = "Request body must be JSON (Content-Type: application/json)";
    static final String TOO_LARGE = "Request body is too large";
    static final String INTERNAL = "Internal server error";

    private static final Logger log = LoggerFactory.getLogger(ErrorClassifier.class);

    private ErrorClassifier() {
    }

    static ApiError classify(Throwable failure) {
        ApiError error = decide(failure);
        if (failure instanceof ApiException) {
            log.debug("Request answered with {}: {}", error.status().value(), error.detail());
        } else if (error.status().is5xxServerError()) {
            log.error("Request failed with {}: {}", error.status().value(), failure.toString(), failure);
        } else {
            log.debug("Request rejected with {}: {}", error.status().value(), error.detail());
        }
        return error;
    }

    private static ApiError decide(Throwable failure) {
        if (failure instanceof ApiException api) {
            return fromApiException(api);
        }
        if (failure instanceof ContentTooLargeException || failure instanceof PayloadTooLargeException
                || causedBy(failure, DataBufferLimitException.class)) {
            return new ApiError(HttpStatus.CONTENT_TOO_LARGE, TOO_LARGE);
        }
        if (failure instanceof ServerWebInputException input) {
            return new ApiError(HttpStatus.UNPROCESSABLE_CONTENT, describeInput(input));
        }
        if (failure instanceof UnsupportedMediaTypeStatusException) {
            return new ApiError(HttpStatus.UNPROCESSABLE_CONTENT, NOT_JSON);
        }
        if (failure instanceof DecodingException || failure instanceof StreamReadException) {
            return new ApiError(HttpStatus.UNPROCESSABLE_CONTENT, INVALID_JSON);
        }
        if (failure instanceof ErrorResponse response) {
            return fromFrameworkResponse(failure, response);
        }
        return new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL);
    }

    private static ApiError fromApiException(ApiException api) {
        HttpHeaders headers = new HttpHeaders();
        api.retryAfter().ifPresent(delay -> headers.set(HttpHeaders.RETRY_AFTER,
                Long.toString(Math.max(1, (delay.toMillis() + 999) / 1000))));
        return new ApiError(api.status(), api.detail(), headers);
    }

    private static String describeInput(ServerWebInputException input) {
        if (input instanceof MissingRequestValueException missing) {
            return "Missing required " + missing.getLabel() + " '" + missing.getName() + "'";
        }
        if ("No request body".equals(input.getReason())) {
            return EMPTY_BODY;
        }
        if (input.getCause() instanceof DecodingException || causedBy(input, StreamReadException.class)) {
            return INVALID_JSON;
        }
        String parameter = input.getMethodParameter() == null ? null : input.getMethodParameter().getParameterName();
        return parameter == null ? "Invalid request" : "Invalid value for '" + parameter + "'";
    }

    private static ApiError fromFrameworkResponse(Throwable failure, ErrorResponse response) {
        HttpStatus status = HttpStatus.resolve(response.getStatusCode().value());
        if (status == null || status.is5xxServerError()) {
            return new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL);
        }
        HttpHeaders headers = new HttpHeaders();
        response.getHeaders().forEach((name, values) -> {
            if (Set.of(HttpHeaders.ALLOW, HttpHeaders.ACCEPT).stream().anyMatch(name::equalsIgnoreCase)) {
                headers.addAll(name, values);
            }
        });
        return new ApiError(status, detail(failure, status), headers);
    }

    // Route-level 404/405 carry framework wording ("No static resource ..."); clients get the plain reason phrase.
    private static String detail(Throwable failure, HttpStatus status) {
        @Nullable String reason = failure instanceof ResponseStatusException rse ? rse.getReason() : null;
        boolean routing = status == HttpStatus.NOT_FOUND || status == HttpStatus.METHOD_NOT_ALLOWED;
        return reason == null || routing && !failure.getClass().equals(ResponseStatusException.class)
                ? status.getReasonPhrase() : reason;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }
}
