package dev.kgraph.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Per-thread order of an echo thread: its final {@code messages} must be, pair by pair, each accepted input followed
 * by its {@code "echo: ..."} reply, every accepted input exactly once, nothing else, and the inputs the server
 * acknowledged in the order they were sent. An input whose acknowledgement was lost (found on the server only
 * afterwards) may not come before an input acknowledged before it was sent. Works out the body each run's
 * {@code join} must answer from the client's records: the texts the clients sent, in the order the thread took them,
 * each with its echo, up to and including the run's own (so a stored reply that is wrong fails the join check too).
 */
final class EchoOrder {

    private EchoOrder() {
    }

    /** Returns the expected join body of each accepted op (by op id), as far as the order could be established. */
    static Map<String, Object> check(ThreadPlan plan, Set<Op> accepted, List<Object> messages, Tally tally) {
        var where = "echo thread " + plan.threadId;
        var texts = new ArrayList<String>();
        for (int i = 0; i + 1 < messages.size(); i += 2) {
            var question = Json.map(messages.get(i));
            var reply = Json.map(messages.get(i + 1));
            var text = String.valueOf(question.get("content"));
            if (!"user".equals(question.get("role")) || !"ai".equals(reply.get("role"))
                    || !Objects.equals("echo: " + text, reply.get("content"))) {
                tally.wrong(where + ": messages " + i + " and " + (i + 1) + " are not an input and its echo: "
                        + question + ", " + reply);
            }
            texts.add(text);
        }
        if (messages.size() % 2 != 0) {
            tally.wrong(where + ": an odd number of messages: " + messages);
        }
        var positions = positions(plan, accepted, texts, tally);
        checkSendOrder(plan, accepted, positions, tally);
        var expected = new HashMap<String, Object>();
        var inThreadOrder = accepted.stream().filter(op -> positions.containsKey(op.id))
                .sorted(java.util.Comparator.comparing(op -> positions.get(op.id))).toList();
        var pairs = new ArrayList<Object>();
        for (var op : inThreadOrder) {
            pairs.add(Map.of("role", "user", "content", op.text));
            pairs.add(Map.of("role", "ai", "content", "echo: " + op.text));
            expected.put(op.id, Map.of("messages", List.copyOf(pairs)));
        }
        return expected;
    }

    /** Where each accepted op's input stands; counts the lost, duplicated and unknown ones. */
    private static Map<String, Integer> positions(ThreadPlan plan, Set<Op> accepted, List<String> texts,
                                                  Tally tally) {
        var positions = new HashMap<String, Integer>();
        for (var op : plan.ops) {
            int first = texts.indexOf(op.text);
            int count = (int) texts.stream().filter(op.text::equals).count();
            if (accepted.contains(op)) {
                if (count == 0) {
                    tally.lost("echo thread " + plan.threadId + " lacks the input of " + op);
                } else {
                    positions.put(op.id, first);
                }
            } else if (count > 0) {
                tally.duplicate("echo thread " + plan.threadId + " has the input of a request it never accepted: "
                        + op);
            }
            for (int extra = 1; extra < count; extra++) {
                tally.duplicate("echo thread " + plan.threadId + " has the input of " + op + " " + count + " times");
            }
        }
        var known = plan.ops.stream().map(op -> op.text).toList();
        texts.stream().filter(text -> !known.contains(text)).forEach(text ->
                tally.duplicate("echo thread " + plan.threadId + " has an input no client sent: " + text));
        return positions;
    }

    private static void checkSendOrder(ThreadPlan plan, Set<Op> accepted, Map<String, Integer> positions,
                                       Tally tally) {
        int latestAcknowledged = -1;
        for (var op : plan.ops) {
            var position = positions.get(op.id);
            if (!accepted.contains(op) || position == null) {
                continue;
            }
            if (position <= latestAcknowledged) {
                tally.wrong("echo thread " + plan.threadId + ": " + op + " stands at " + position
                        + ", before an input acknowledged before it was sent (at " + latestAcknowledged + ")");
            }
            if (op.acceptedForSure()) {
                latestAcknowledged = Math.max(latestAcknowledged, position);
            }
        }
    }
}
