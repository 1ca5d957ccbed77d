package dev.kgraph.gateway.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kgraph.gateway.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Which records of a thread's stream each thread stream mode sends, and how the modes (and a join's) are asked for. */
class ThreadStreamModesTests {
    private static final String RUN = "1f0b5c1e-0000-7000-8000-000000000001";

    /** One run's records as the topic holds them, then a state update (a thread event: no run). */
    private static final List<StreamFrame> THREAD = List.of(
            new StreamFrame(10, "metadata", utf8("{\"run_id\":\"" + RUN + "\",\"attempt\":1}"), 1, RUN),
            new StreamFrame(11, "values", utf8("{\"messages\":[]}"), 1, RUN),
            new StreamFrame(12, "updates", utf8("{\"echo\":{}}"), 1, RUN),
            new StreamFrame(13, "metadata", utf8("{\"langgraph_node\":\"echo\"}"), 1, RUN),
            new StreamFrame(14, "error", utf8("{\"error\":\"ValueError\"}"), 1, RUN),
            new StreamFrame(15, "control", utf8("\"done\""), 1, RUN),
            new StreamFrame(16, "state_update", utf8("{\"state\":{},\"thread_id\":\"t\"}"), 0, null));

    @Test
    void runModesSendsEveryEventOfEveryRunAndItsEndButNotStateUpdates() {
        var sent = select("run_modes");

        assertThat(sent).extracting(StreamFrame::id).containsExactly(10L, 11L, 12L, 13L, 14L, 15L);
        assertThat(sent.getLast().event()).isEqualTo("metadata");
        assertThat(text(sent.getLast())).isEqualTo("{\"status\":\"run_done\",\"run_id\":\"" + RUN + "\"}");
    }

    @Test
    void lifecycleSendsOnlyEachRunsStartAndEnd() {
        var sent = select("lifecycle");

        assertThat(sent).extracting(StreamFrame::id).containsExactly(10L, 15L);
        assertThat(sent).extracting(StreamFrame::event).containsOnly("metadata");
        assertThat(text(sent.get(1))).contains("\"status\":\"run_done\"");
    }

    @Test
    void stateUpdateSendsOnlyTheThreadsStateUpdates() {
        assertThat(select("state_update")).extracting(StreamFrame::id).containsExactly(16L);
    }

    @Test
    void combinedModesSendWhatAnyOfThemSends() {
        assertThat(select("lifecycle,state_update")).extracting(StreamFrame::id).containsExactly(10L, 15L, 16L);
        assertThat(select("[\"run_modes\",\"state_update\"]")).extracting(StreamFrame::id)
                .containsExactly(10L, 11L, 12L, 13L, 14L, 15L, 16L);
        assertThat(ThreadStreamModes.parse(List.of("lifecycle"), List.of("state_update")).selected())
                .containsExactlyInAnyOrder("lifecycle", "state_update");
        // the SDK sends a list as JSON, which Spring hands over split at its commas
        assertThat(ThreadStreamModes.parse(List.of("[\"lifecycle\"", "\"state_update\"]"), null).selected())
                .containsExactlyInAnyOrder("lifecycle", "state_update");
    }

    @Test
    void aRunJoinTakesTheSdksJsonListOfModesToo() {
        assertThat(StreamModes.parseFilter(List.of("[\"values\"", "\"updates\"]")))
                .containsExactly("values", "updates");
        assertThat(StreamModes.parseFilter(List.of("values", "updates"))).containsExactly("values", "updates");
    }

    @Test
    void noModeMeansRunModes() {
        assertThat(ThreadStreamModes.parse(null, null).selected()).containsExactly("run_modes");
        assertThat(ThreadStreamModes.parse(List.of(), null).selected()).containsExactly("run_modes");
    }

    @Test
    void aModeThatIsNotAThreadStreamModeIsA422NamingIt() {
        assertThatThrownBy(() -> ThreadStreamModes.parse(List.of("lifecycle,values"), null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
                        .contains("stream_mode", "'values'", "run_modes", "lifecycle", "state_update"));
        assertThatThrownBy(() -> ThreadStreamModes.parse(null, List.of("[\"events\"]")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
                        .contains("stream_modes", "'events'"));
        assertThatThrownBy(() -> ThreadStreamModes.parse(List.of("[oops"), null))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void aThreadSubscriptionFiltersByItsModesAndDoesNotEndAtARunsEnd() {
        var subscription = RunSubscription.ofThread("t", ThreadStreamModes.parse(List.of("lifecycle"), null), 16,
                () -> { });
        THREAD.forEach(subscription::offer);
        subscription.offer(new StreamFrame(17, "metadata", utf8("{\"run_id\":\"r2\",\"attempt\":1}"), 1, "r2"));

        StepVerifier.create(subscription.frames().map(StreamFrame::id))
                .expectNext(10L, 15L, 17L)
                .then(subscription::end)
                .verifyComplete();
    }

    @Test
    void aRunsOwnStreamNeverGetsTheRunDoneEventAndStillEndsAtItsMarker() {
        var subscription = new RunSubscription(RUN, null, 16, () -> { });
        THREAD.stream().filter(frame -> RUN.equals(frame.runId())).forEach(subscription::offer);

        StepVerifier.create(subscription.frames().map(StreamFrame::event))
                .expectNext("metadata", "values", "updates", "metadata", "error")
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    private static List<StreamFrame> select(String mode) {
        var modes = ThreadStreamModes.parse(List.of(mode), null);
        return THREAD.stream().map(modes::select).filter(Objects::nonNull).toList();
    }

    private static String text(StreamFrame frame) {
        return new String(frame.data(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
