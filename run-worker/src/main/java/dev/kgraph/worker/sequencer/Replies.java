package dev.kgraph.worker.sequencer;

import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;

/** Reply factories addressed from the request itself. */
final class Replies {

    private Replies() {
    }

    static Reply ok(ThreadRequest r, Object body) {
        return Reply.ok(r.requestId(), r.replyTo(), body);
    }

    static Reply failed(ThreadRequest r, Reply.Outcome outcome, String detail) {
        return Reply.failed(r.requestId(), r.replyTo(), outcome, detail);
    }

    static Reply threadNotFound(ThreadRequest r) {
        return failed(r, Reply.Outcome.NOT_FOUND, "Thread with ID " + r.threadId() + " not found");
    }
}
