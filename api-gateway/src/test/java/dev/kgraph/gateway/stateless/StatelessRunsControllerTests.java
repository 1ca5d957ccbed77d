package dev.kgraph.gateway.stateless;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.gateway.GatewaySettings;
import dev.kgraph.gateway.assistants.AssistantDirectory;
import dev.kgraph.gateway.runs.RunLauncher;
import dev.kgraph.gateway.runs.ScriptedSequencer;
import dev.kgraph.gateway.requests.RunCompletions;
import dev.kgraph.model.assistants.AssistantRecord;
import dev.kgraph.model.events.RunEvent;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.runs.Run;
import dev.kgraph.model.runs.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Stateless runs: the thread the server names, temporary by default, and the headers the SDKs read. */
class StatelessRunsControllerTests {
    private static final String ECHO = AssistantRecord.systemAssistantId("echo");
    private static final String WAIT_ON_ECHO = "{\"assistant_id\":\"" + ECHO + "\",\"input\":{}}";

    private final RunCompletions completions = new RunCompletions(10,
            (threadId, runId) -> java.util.concurrent.CompletableFuture.failedFuture(new AssertionError("no writer")));
    private ScriptedSequencer writer;

    private WebTestClient client(Function<ScriptedSequencer.Sent, Reply> script) {
        writer = new ScriptedSequencer(script);
        var settings = new GatewaySettings("gateway-under-test", Duration.ofSeconds(5), Duration.ofSeconds(5), 10, 10);
        var assistants = new AssistantDirectory();
        assistants.onRecord(new AssistantRecord(ECHO, "echo", "echo", null, "2026-11-22T10:00:00Z",
                "2026-11-22T10:00:00Z", 1, Map.of(), Map.of(), Map.of("created_by", "system"), Map.of(), Map.of()));
        var controller = new StatelessRunsController(new RunLauncher(writer.writer(), completions, settings,
                new dev.kgraph.gateway.webhooks.WebhookUrlPolicy(dev.kgraph.gateway.webhooks.WebhookSettings.defaults())),
                assistants, Clock.systemUTC(), null);
        return ScriptedSequencer.clientFor(controller, new StatelessRunsWaitRoute().statelessRunsWait(controller));
    }

    /** The run's completion event, as the gateway's events tail delivers it: its result is {"echo": "hi"}. */
    private void endWithEchoHi(ThreadRequest.CreateRun create) {
        completions.onEvent(new RunEvent.RunCompleted(create.threadId(), run(create), Map.of("echo", "hi"), Map.of(),
                null, null, null));
    }

    /** The writer's answer to a CreateRun: the Run it stored. */
    private static Reply stored(ScriptedSequencer.Sent sent) {
        var create = (ThreadRequest.CreateRun) sent.request();
        return ScriptedSequencer.ok(create, run(create));
    }

    @Test
    void aBackgroundRunGetsANewTemporaryThreadAndPointsAtRunsRid() {
        client(StatelessRunsControllerTests::stored)
                .post().uri("/runs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"assistant_id\":\"echo\",\"input\":{\"messages\":[]}}")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().value("Content-Location", location -> assertThat(location)
                        .isEqualTo("/runs/" + onlyCreate().run().runId()))
                .expectBody().jsonPath("$.run_id").isEqualTo(onlyCreate().run().runId());

        var create = onlyCreate();
        assertThat(UUID.fromString(create.threadId()).version()).isEqualTo(7);
        assertThat(create.run().temporary()).isTrue();
        assertThat(create.run().createsThread()).isTrue();
        assertThat(create.run().kwargs()).containsEntry("temporary", true);
        assertThat(create.run().kwargs().get("config")).asString().contains("thread_id=" + create.threadId());
    }

    @Test
    void onCompletionKeepMakesAnOrdinaryRunOnANewThread() {
        client(StatelessRunsControllerTests::stored)
                .post().uri("/runs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"assistant_id\":\"echo\",\"on_completion\":\"keep\",\"if_not_exists\":\"reject\"}")
                .exchange()
                .expectStatus().isOk();

        assertThat(onlyCreate().run().temporary()).isFalse();
        assertThat(onlyCreate().run().createsThread()).isTrue(); // the server-named thread cannot exist yet
    }

    @Test
    void resumingIsRefusedBecauseANewThreadHoldsNoInterrupt() {
        client(StatelessRunsControllerTests::stored)
                .post().uri("/runs/wait").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"assistant_id\":\"echo\",\"command\":{\"resume\":\"yes\"}}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("You must provide a thread_id when resuming.");
        assertThat(writer.requests()).isEmpty();
    }

    @Test
    void waitAnswersTheResultEvenWhenTheRunEndsBeforeTheWritersReply() {
        var result = client(sent -> {
            var create = (ThreadRequest.CreateRun) sent.request();
            // the completion event overtakes the reply (they travel on different topics)
            endWithEchoHi(create);
            return ScriptedSequencer.ok(create, run(create));
        }).post().uri("/runs/wait").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(WAIT_ON_ECHO)
                .exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult();

        var create = onlyCreate();
        var runPath = "/threads/" + create.threadId() + "/runs/" + create.run().runId();
        assertThat(result.getResponseHeaders().getFirst("Content-Location")).isEqualTo(runPath);
        assertThat(result.getResponseHeaders().getFirst("Location")).isEqualTo(runPath + "/join");
        assertThat(result.getResponseBody()).isEqualTo("{\"echo\":\"hi\"}");
        assertThat(create.run().temporary()).isTrue();
        assertThat(completions.waiting()).isZero();
    }

    @Test
    void waitTakesTheRunsCompletionForItsAcceptanceWhenTheWriterHoldsItsAcknowledgementBack() {
        var result = client(sent -> {
            var create = (ThreadRequest.CreateRun) sent.request();
            // a run that ends within the writer's acknowledgement delay: its completion is all that comes back
            endWithEchoHi(create);
            return null;
        }).post().uri("/runs/wait").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(WAIT_ON_ECHO)
                .exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult();

        var create = onlyCreate();
        assertThat(create.acknowledgeOnly()).isTrue();
        assertThat(create.deferAcknowledgement()).isTrue();
        var runPath = "/threads/" + create.threadId() + "/runs/" + create.run().runId();
        assertThat(result.getResponseHeaders().getFirst("Content-Location")).isEqualTo(runPath);
        assertThat(result.getResponseBody()).isEqualTo("{\"echo\":\"hi\"}");
        assertThat(writer.writer().pending()).isZero(); // the request no reply will answer is released
        assertThat(completions.waiting()).isZero();
    }

    @Test
    void aRunCancelledOnDisconnectAsksForItsAcknowledgementAtOnceSoThatAnEarlyHangUpIsNoticed() {
        client(sent -> ScriptedSequencer.failed(sent.request(), Reply.Outcome.CONFLICT, "Thread is busy."))
                .post().uri("/runs/wait").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"assistant_id\":\"" + ECHO + "\",\"input\":{},\"on_disconnect\":\"cancel\"}")
                .exchange()
                .expectStatus().isEqualTo(409);

        assertThat(onlyCreate().acknowledgeOnly()).isTrue();
        assertThat(onlyCreate().deferAcknowledgement()).isNull();
    }

    @Test
    void aRefusalOfAWaitedRunIsStillItsHttpError() {
        client(sent -> ScriptedSequencer.failed(sent.request(), Reply.Outcome.CONFLICT, "Thread is busy."))
                .post().uri("/runs/wait").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(WAIT_ON_ECHO)
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").isEqualTo("Thread is busy.");
        assertThat(writer.writer().pending()).isZero();
        assertThat(completions.waiting()).isZero();
    }

    @Test
    void waitWithAnotherMethodIs405NamingPost() {
        client(StatelessRunsControllerTests::stored)
                .get().uri("/runs/wait")
                .exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().valueEquals("Allow", "POST")
                .expectBody().jsonPath("$.detail").isEqualTo("Method Not Allowed");
        assertThat(writer.requests()).isEmpty();
    }

    @Test
    void waitWithUnreadableOrMissingJsonIs422AndCreatesNothing() {
        var client = client(StatelessRunsControllerTests::stored);
        client.post().uri("/runs/wait").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"assistant_id\":")
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("Invalid JSON in request body");
        client.post().uri("/runs/wait").contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("body: must be a JSON object");
        assertThat(writer.requests()).isEmpty();
    }

    @Test
    void aBatchCreatesOneRunPerBodyEachOnItsOwnThreadInBodyOrder() {
        client(StatelessRunsControllerTests::stored)
                .post().uri("/runs/batch").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[{\"assistant_id\":\"echo\",\"metadata\":{\"i\":0}},"
                        + "{\"assistant_id\":\"echo\",\"metadata\":{\"i\":1}}]")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].metadata.i").isEqualTo(0)
                .jsonPath("$[1].metadata.i").isEqualTo(1);

        var creates = writer.requests().stream().map(ThreadRequest.CreateRun.class::cast).toList();
        assertThat(creates).hasSize(2);
        assertThat(creates.get(0).threadId()).isNotEqualTo(creates.get(1).threadId());
        assertThat(creates).allSatisfy(create -> assertThat(create.run().temporary()).isTrue());
    }

    @Test
    void aBatchWithOneBadBodyCreatesNothing() {
        var client = client(StatelessRunsControllerTests::stored);

        client.post().uri("/runs/batch").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[{\"assistant_id\":\"echo\"},{\"input\":{}}]")
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("[1].assistant_id: is required");
        client.post().uri("/runs/batch").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[{\"assistant_id\":\"echo\"},{\"assistant_id\":\"nope\"}]")
                .exchange()
                .expectStatus().isEqualTo(422);
        client.post().uri("/runs/batch").contentType(MediaType.APPLICATION_JSON).bodyValue("[]")
                .exchange()
                .expectStatus().isEqualTo(422);

        assertThat(writer.requests()).isEmpty();
    }

    private ThreadRequest.CreateRun onlyCreate() {
        assertThat(writer.requests()).hasSize(1);
        return (ThreadRequest.CreateRun) writer.requests().getFirst();
    }

    private static Run run(ThreadRequest.CreateRun create) {
        var spec = create.run();
        return new Run(spec.runId(), create.threadId(), spec.assistantId(), spec.createdAt(), spec.createdAt(),
                RunStatus.PENDING, spec.metadata(), spec.kwargs(), spec.multitaskStrategy());
    }
}
