package dev.kgraph.model.replies;

/**
 * The answer to one {@link dev.kgraph.model.requests.ThreadRequest}. {@code body} is already in API shape (a Thread,
 * a Run, a state...), so the gateway forwards it as is; {@code detail} explains a non-{@code OK} outcome.
 */
public record Reply(String requestId, String replyTo, Outcome outcome, String detail, Object body) {

    public enum Outcome {
        OK, PENDING, NOT_FOUND, CONFLICT, BAD_REQUEST, UNPROCESSABLE
    }

    public static Reply ok(String requestId, String replyTo, Object body) {
        return new Reply(requestId, replyTo, Outcome.OK, null, body);
    }

    public static Reply failed(String requestId, String replyTo, Outcome outcome, String detail) {
        return new Reply(requestId, replyTo, outcome, detail, null);
    }
}
