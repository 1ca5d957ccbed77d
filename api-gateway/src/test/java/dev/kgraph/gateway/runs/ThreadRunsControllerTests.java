package dev.kgraph.gateway.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.gateway.GatewaySettings;
import dev.kgraph.gateway.assistants.AssistantDirectory;
import dev.kgraph.gateway.requests.RunCompletions;
import dev.kgraph.model.events.RunEvent;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.runs.Run;
import dev.kgraph.model.runs.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Waiting on, deleting and cancelling a run, against a scripted writer. */
class ThreadRunsControllerTests {
    private static final String THREAD = "6ba7b821-9dad-11d1-80b4-00c04fd430c8";
    private static final String RUN = "1f0c0ffe-0000-7000-8000-000000000001";

    private final RunCompletions completions = new RunCompletions(10,
            (threadId, runId) -> java.util.concurrent.CompletableFuture.failedFuture(new AssertionError("no writer")));
    private ScriptedSequencer writer;
    private ThreadRunsController controller;

    private WebTestClient client(Function<ScriptedSequencer.Sent, Reply> script) {
        writer = new ScriptedSequencer(script);
        var settings = new GatewaySettings("gateway-under-test", Duration.ofSeconds(5), Duration.ofSeconds(5), 10, 10);
        controller = new ThreadRunsController(writer.writer(), completions,
                new RunLauncher(writer.writer(), completions, settings,
                        new dev.kgraph.gateway.webhooks.WebhookUrlPolicy(dev.kgraph.gateway.webhooks.WebhookSettings.defaults())), new AssistantDirectory(), settings,
                Clock.systemUTC(), null);
        return ScriptedSequencer.clientFor(controller, new ThreadRunsWaitRoute().threadRunsWait(controller));
    }

    @Test
    void waitRefusesABadThreadIdWithoutAskingTheWriter() {
        var client = client(sent -> ScriptedSequencer.ok(sent.request(), null));
        client.post().uri("/threads/not-a-uuid/runs/wait").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"assistant_id\":\"echo\"}").exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("thread ID"));
        assertThat(writer.requests()).isEmpty();
    }

    @Test
    void deleteAnswers204AndPassesTheWritersRefusals() {
        client(sent -> ScriptedSequencer.ok(sent.request(), null))
                .delete().uri("/threads/" + THREAD + "/runs/" + RUN).exchange()
                .expectStatus().isNoContent().expectBody().isEmpty();
        assertThat(writer.requests()).singleElement().isInstanceOfSatisfying(ThreadRequest.DeleteRun.class,
                delete -> assertThat(delete.runId()).isEqualTo(RUN));

        client(sent -> ScriptedSequencer.failed(sent.request(), Reply.Outcome.CONFLICT, "Run is running"))
                .delete().uri("/threads/" + THREAD + "/runs/" + RUN).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail").isEqualTo("Run is running");
        client(sent -> ScriptedSequencer.failed(sent.request(), Reply.Outcome.NOT_FOUND, "Run not found"))
                .delete().uri("/threads/" + THREAD + "/runs/" + RUN).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void cancelWithoutWaitAnswers202AtOnceWithTheAction() {
        client(sent -> ScriptedSequencer.ok(sent.request(), run(RunStatus.RUNNING)))
                .post().uri("/threads/" + THREAD + "/runs/" + RUN + "/cancel?action=rollback").exchange()
                .expectStatus().isAccepted().expectBody().isEmpty();

        assertThat(writer.requests()).singleElement().isInstanceOfSatisfying(ThreadRequest.CancelRun.class,
                cancel -> assertThat(cancel.action()).isEqualTo("rollback"));
    }

    @Test
    void anUnknownActionIs422AndNothingIsCancelled() {
        client(sent -> ScriptedSequencer.ok(sent.request(), run(RunStatus.RUNNING)))
                .post().uri("/threads/" + THREAD + "/runs/" + RUN + "/cancel?action=explode").exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("action: must be one of interrupt, rollback");
        assertThat(writer.requests()).isEmpty();
    }

    @Test
    void cancelWithWaitAnswersWithTheFinalOutputOnlyOnceTheRunHasEnded() {
        var waitersWhenCancelSent = new AtomicInteger(-1);
        client(sent -> switch (sent.request()) {
            case ThreadRequest.CancelRun cancel -> {
                waitersWhenCancelSent.set(completions.waiting());
                yield ScriptedSequencer.ok(cancel, run(RunStatus.RUNNING));
            }
            case ThreadRequest.JoinRun join -> new Reply(join.requestId(), join.replyTo(), Reply.Outcome.PENDING,
                    null, run(RunStatus.RUNNING));
            default -> throw new AssertionError("unexpected " + sent.request());
        });

        var response = new org.springframework.mock.http.server.reactive.MockServerHttpResponse();
        var answer = controller.cancel(THREAD, RUN, "1", "interrupt", response).toFuture();

        assertThat(waitersWhenCancelSent).hasValue(1); // registered before the cancel left
        assertThat(writer.requests()).hasExactlyElementsOfTypes(ThreadRequest.CancelRun.class,
                ThreadRequest.JoinRun.class);
        assertThat(answer).isNotDone();

        completions.onEvent(new RunEvent.RunCompleted(THREAD, run(RunStatus.INTERRUPTED), Map.of("n", 2), Map.of(),
                null, null, null));

        assertThat(answer).isDone();
        assertThat(response.getBodyAsString().block()).isEqualTo("{\"n\":2}");
        assertThat(response.getHeaders().getFirst("Location")).endsWith("/runs/" + RUN + "/join");
        assertThat(completions.waiting()).isZero();
    }

    @Test
    void cancelWithWaitDoesNotWaitForARunThatAlreadyEndedOrWasRolledBack() {
        client(sent -> sent.request() instanceof ThreadRequest.JoinRun join
                ? ScriptedSequencer.ok(join, Map.of("n", 1))
                : ScriptedSequencer.ok(sent.request(), run(RunStatus.PENDING)));
        var ended = new org.springframework.mock.http.server.reactive.MockServerHttpResponse();
        assertThat(controller.cancel(THREAD, RUN, "true", "interrupt", ended).toFuture()).isDone();
        assertThat(ended.getBodyAsString().block()).isEqualTo("{\"n\":1}");

        client(sent -> sent.request() instanceof ThreadRequest.JoinRun join
                ? ScriptedSequencer.failed(join, Reply.Outcome.NOT_FOUND, "Run not found")
                : ScriptedSequencer.ok(sent.request(), run(RunStatus.PENDING)));
        var rolledBack = new org.springframework.mock.http.server.reactive.MockServerHttpResponse();
        assertThat(controller.cancel(THREAD, RUN, "1", "rollback", rolledBack).toFuture()).isDone();
        assertThat(rolledBack.getBodyAsString().block()).isEqualTo("{}");
        assertThat(completions.waiting()).isZero();
    }

    @Test
    void cancellingARunThatCannotBeCancelledIs404AndReleasesTheWaiter() {
        var notCancelable = "Run " + RUN + " not found, or not pending or running: it cannot be cancelled.";
        client(sent -> ScriptedSequencer.failed(sent.request(), Reply.Outcome.NOT_FOUND, notCancelable))
                .post().uri("/threads/" + THREAD + "/runs/" + RUN + "/cancel?wait=1").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.detail").isEqualTo(notCancelable);

        assertThat(writer.requests()).singleElement().isInstanceOf(ThreadRequest.CancelRun.class);
        assertThat(completions.waiting()).isZero();
    }

    private static Run run(RunStatus status) {
        return new Run(RUN, THREAD, "assistant", "2026-11-22T10:00:00Z", "2026-11-22T10:00:00Z", status, Map.of(),
                Map.of(), "enqueue");
    }
}
