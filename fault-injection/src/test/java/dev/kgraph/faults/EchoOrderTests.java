package dev.kgraph.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-thread order check finds lost, duplicated, foreign and reordered inputs, and works out join bodies. */
class EchoOrderTests {
    private final ThreadPlan plan = new ThreadPlan(ThreadPlan.Kind.ECHO);
    private final Tally tally = new Tally();
    private final Op first = op(Op.Submission.ACCEPTED);
    private final Op second = op(Op.Submission.ACCEPTED);
    private final Op third = op(Op.Submission.ACCEPTED);

    @Test
    void theAcceptedInputsInOrderPassAndGiveEachJoinItsPrefix() {
        var messages = messages(first, second, third);

        var joins = EchoOrder.check(plan, accepted(first, second, third), messages, tally);

        assertThat(tally.problems()).isEmpty();
        assertThat(joins.get(first.id)).isEqualTo(Map.of("messages", messages.subList(0, 2)));
        assertThat(joins.get(third.id)).isEqualTo(Map.of("messages", messages));
    }

    @Test
    void aMissingInputIsLost() {
        EchoOrder.check(plan, accepted(first, second, third), messages(first, third), tally);

        assertThat(tally.lost).hasValue(1);
    }

    @Test
    void anInputTwiceIsADuplicate() {
        EchoOrder.check(plan, accepted(first, second, third), messages(first, second, second, third), tally);

        assertThat(tally.duplicates).hasValue(1);
    }

    @Test
    void anInputOfARequestTheServerNeverAcceptedIsADuplicate() {
        EchoOrder.check(plan, accepted(first, third), messages(first, second, third), tally);

        assertThat(tally.duplicates).hasValue(1);
    }

    @Test
    void acknowledgedInputsOutOfOrderAreWrong() {
        EchoOrder.check(plan, accepted(first, second, third), messages(second, first, third), tally);

        assertThat(tally.wrong).hasValue(1);
    }

    @Test
    void anInputWhoseAcknowledgementWasLostMayLandAfterLaterOnes() {
        second.submission = Op.Submission.AMBIGUOUS;

        EchoOrder.check(plan, accepted(first, second, third), messages(first, third, second), tally);

        assertThat(tally.problems()).isEmpty();
    }

    @Test
    void aReplyThatIsNotTheEchoOfItsInputIsWrong() {
        var messages = new ArrayList<>(messages(first));
        messages.set(1, Map.of("role", "ai", "content", "echo: something else"));

        EchoOrder.check(plan, accepted(first), messages, tally);

        assertThat(tally.wrong).hasValue(1);
    }

    @Test
    void theExpectedJoinBodiesComeFromTheClientsTextsNotFromTheStoredMessages() {
        var messages = new ArrayList<>(messages(first));
        messages.set(1, Map.of("role", "ai", "content", "echo: something else"));

        var joins = EchoOrder.check(plan, accepted(first), messages, tally);

        assertThat(joins.get(first.id)).isEqualTo(Map.of("messages", messages(first)));
    }

    private Op op(Op.Submission submission) {
        var op = new Op(plan, "echo", null);
        op.submission = submission;
        plan.ops.add(op);
        return op;
    }

    private static LinkedHashSet<Op> accepted(Op... ops) {
        return new LinkedHashSet<>(List.of(ops));
    }

    private static List<Object> messages(Op... ops) {
        var messages = new ArrayList<Object>();
        for (var op : ops) {
            messages.add(Map.of("role", "user", "content", op.text));
            messages.add(Map.of("role", "ai", "content", "echo: " + op.text));
        }
        return messages;
    }
}
