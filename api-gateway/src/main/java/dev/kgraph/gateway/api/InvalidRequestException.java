package dev.kgraph.gateway.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A request body (or path id) that does not match the API schema: always 422. The message lists every problem found,
 * as {@code "field: reason"} joined with {@code "; "}, so a client fixes all of them in one round trip.
 */
public final class InvalidRequestException extends ApiException {

    private final List<String> problems;

    public InvalidRequestException(List<String> problems) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, String.join("; ", requireSome(problems)));
        this.problems = List.copyOf(problems);
    }

    public InvalidRequestException(String problem) {
        this(List.of(problem));
    }

    /** Each problem as {@code "path: reason"}, in body order. */
    public List<String> problems() {
        return problems;
    }

    private static List<String> requireSome(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid request needs at least one problem");
        }
        return problems;
    }
}
