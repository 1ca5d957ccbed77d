package dev.kgraph.gateway.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.model.events.RunEvent;
import dev.kgraph.model.events.RunEventHeaders;
import dev.kgraph.model.json.GatedDeserializer;
import dev.kgraph.model.runs.Run;
import dev.kgraph.model.runs.RunStatus;
import dev.kgraph.model.topics.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * A gateway decodes the completions of the runs its callers wait for, and only those; a completion whose values its
 * execution sent apart is answered with them, or by the writer when they were not kept.
 */
class RunCompletionsTests {
    /** The runs whose body was asked of their writer, as thread/run. */
    private final List<String> writerAsked = new java.util.ArrayList<>();
    /** What waits for the values' grace period to pass: run by the tests when they choose. */
    private final List<Runnable> afterGrace = new java.util.ArrayList<>();
    private final RunCompletions completions = new RunCompletions(10, (threadId, runId) -> {
        writerAsked.add(threadId + "/" + runId);
        return java.util.concurrent.CompletableFuture.completedFuture(Map.of("from", "the writer"));
    }, afterGrace::add);
    private final GatedDeserializer<RunEvent> events = new GatedDeserializer<>(
            Topics.EVENTS.valueSerde().deserializer(), completions::wants);

    @Test
    void aWaitedRunsCompletionIsDecodedAndAnswersItsWaiter() {
        var waiter = completions.register("run-a");
        var completed = completion("run-a", Map.of());

        var read = events.deserialize(Topics.EVENTS.name(), RunEventHeaders.of(completed), bytes(completed));
        completions.onEvent(read);

        assertThat(waiter.result()).isCompletedWithValue(Map.of("answer", 42));
    }

    @Test
    void aCompletionNobodyHereWaitsForIsNotDecoded() {
        completions.register("run-a");
        var other = completion("run-b", Map.of());

        assertThat(events.deserialize(Topics.EVENTS.name(), RunEventHeaders.of(other), bytes(other))).isNull();
        // a record written before the headers existed is decoded, so that its waiter is never missed
        assertThat(events.deserialize(Topics.EVENTS.name(), new RecordHeaders(), bytes(other))).isNotNull();
    }

    @Test
    void aCompletionNamingItsExecutionsValuesAnswersWithThoseValues() {
        var waiter = completions.register("run-a");
        var conversation = Map.<String, Object>of("messages", List.of("x".repeat(2000)));
        var values = new RunEvent.RunValues("thread", "run-a", "dispatch-2",
                dev.kgraph.model.json.RawJsonMap.of(dev.kgraph.model.json.Json.write(conversation)));

        completions.onEvent(decoded(new RunEvent.RunValues("thread", "run-a", "dispatch-1", Map.of("stale", 1))));
        completions.onEvent(decoded(values));
        assertThat(waiter.result()).isNotDone(); // values alone answer nobody: the writer decides how the run ended
        completions.onEvent(decoded(completedFrom("run-a", "dispatch-2")));

        assertThat(waiter.result()).isCompletedWithValue(conversation);
        assertThat(writerAsked).isEmpty();
    }

    @Test
    void valuesThatComeAfterTheCompletionNamingThemAnswerTheWaiter() {
        var waiter = completions.register("run-a");
        completions.onEvent(decoded(completedFrom("run-a", "dispatch-2")));
        assertThat(waiter.result()).isNotDone();
        // still wanted: the events tail decodes them when they come
        var values = new RunEvent.RunValues("thread", "run-a", "dispatch-2", Map.of("late", true));
        assertThat(completions.wants(RunEventHeaders.of(values))).isTrue();

        completions.onEvent(decoded(values));
        afterGrace.forEach(Runnable::run);

        assertThat(waiter.result()).isCompletedWithValue(Map.of("late", true));
        assertThat(writerAsked).isEmpty();
        assertThat(completions.wants(RunEventHeaders.of(values))).isFalse();
    }

    @Test
    void valuesThatDoNotComeWithinTheGraceAreAskedOfTheWriter() {
        var waiter = completions.register("run-a");
        // values of a dispatch the writer revoked, then a completion naming another one, whose values never come
        completions.onEvent(decoded(new RunEvent.RunValues("thread", "run-a", "revoked", Map.of("stale", 1))));
        completions.onEvent(decoded(completedFrom("run-a", "dispatch-2")));
        assertThat(writerAsked).isEmpty();

        afterGrace.forEach(Runnable::run);

        assertThat(writerAsked).containsExactly("thread/run-a");
        assertThat(waiter.result()).isCompletedWithValue(Map.of("from", "the writer"));
        // the revoked execution's values, or the named ones coming later still, change nothing
        completions.onEvent(new RunEvent.RunValues("thread", "run-a", "dispatch-2", Map.of("too", "late")));
        assertThat(waiter.result()).isCompletedWithValue(Map.of("from", "the writer"));
    }

    @Test
    void valuesHandedOverInThisProcessAnswerTheWaiterWhateverComesFirst() throws Exception {
        // the standalone server: an execution beside the gateway hands its values over, from its own thread
        var before = completions.register("run-a");
        var values = new RunEvent.RunValues("thread", "run-a", "dispatch-1", Map.of("messages", List.of("hi")));
        assertThat(handOverFromAnotherThread(values)).isTrue();
        assertThat(before.result()).isNotDone(); // the writer decides how the run ended
        completions.onEvent(decoded(completedFrom("run-a", "dispatch-1")));
        assertThat(before.result()).isCompletedWithValue(Map.of("messages", List.of("hi")));

        // the completion may come first: the values handed over then answer at once
        var after = completions.register("run-b");
        completions.onEvent(decoded(completedFrom("run-b", "dispatch-2")));
        assertThat(handOverFromAnotherThread(new RunEvent.RunValues("thread", "run-b", "dispatch-2",
                Map.of("late", true)))).isTrue();
        assertThat(after.result()).isCompletedWithValue(Map.of("late", true));
        afterGrace.forEach(Runnable::run);
        assertThat(writerAsked).isEmpty();
    }

    @Test
    void valuesNobodyHereWaitsForAreNotTakenSoThatTheyGoThroughKafka() throws Exception {
        assertThat(handOverFromAnotherThread(new RunEvent.RunValues("thread", "run-a", "d", Map.of("x", 1))))
                .isFalse();
        // nor once the caller was answered (a join elsewhere may still want them)
        var answered = completions.register("run-b");
        completions.onEvent(decoded(completion("run-b", Map.of())));
        assertThat(answered.result()).isDone();
        assertThat(handOverFromAnotherThread(new RunEvent.RunValues("thread", "run-b", "d", Map.of("x", 1))))
                .isFalse();
    }

    /** {@link RunCompletions#handOver} called as an execution calls it: on a thread other than the tail's. */
    private boolean handOverFromAnotherThread(RunEvent.RunValues values) throws Exception {
        var taken = new java.util.concurrent.CompletableFuture<Boolean>();
        Thread.ofVirtual().start(() -> taken.complete(completions.handOver(values)));
        return taken.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void theValuesOfARunNobodyHereWaitsForAreNotDecoded() {
        completions.register("run-a");
        var other = new RunEvent.RunValues("thread", "run-b", "d", Map.of("messages", List.of("x".repeat(2000))));

        var headers = RunEventHeaders.of(other);
        assertThat(events.deserialize(Topics.EVENTS.name(), headers,
                Topics.EVENTS.valueSerde().serializer().serialize(Topics.EVENTS.name(), headers, other))).isNull();
    }

    /** {@code event} as the events tail reads it: written with its large values in headers, then decoded. */
    private RunEvent decoded(RunEvent event) {
        var headers = RunEventHeaders.of(event);
        var bytes = Topics.EVENTS.valueSerde().serializer().serialize(Topics.EVENTS.name(), headers, event);
        return events.deserialize(Topics.EVENTS.name(), headers, bytes);
    }

    private static RunEvent.RunCompleted completedFrom(String runId, String dispatchId) {
        var run = new Run(runId, "thread", "assistant", "t0", "t1", RunStatus.SUCCESS, Map.of(), Map.of(), "enqueue");
        return new RunEvent.RunCompleted("thread", run, null, null, null, "t0", "t1", dispatchId);
    }

    private static RunEvent.RunCompleted completion(String runId, Map<String, Object> kwargs) {
        var run = new Run(runId, "thread", "assistant", "t0", "t1", RunStatus.SUCCESS, Map.of(), kwargs, "enqueue");
        return new RunEvent.RunCompleted("thread", run, Map.of("answer", 42), null, null, "t0", "t1");
    }

    private static byte[] bytes(RunEvent event) {
        return Topics.EVENTS.valueSerde().serializer().serialize(Topics.EVENTS.name(), event);
    }
}
