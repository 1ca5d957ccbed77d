package dev.kgraph.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The expected answers of a thread of enqueued {@code counter} runs, from the client's records only: each run adds 2
 * to {@code count} and appends {@code a, b} to {@code log}, and one client sent them one after the other, so the
 * k-th accepted run (in send order) must answer {@code count} 2k and a log of k pairs, and the thread ends at twice
 * the number of accepted runs. A run applied twice, lost, or taken out of order makes some join or the thread's
 * values differ.
 * <p>
 * Send order is the thread's order when every request was sent after the previous one's outcome was settled on the
 * server, as with one process killed and restarted (the standalone crash test), where an ambiguous request either
 * reached the log before the crash or never did.
 */
final class CounterSums {

    private CounterSums() {
    }

    static Map<String, Object> expected(ThreadPlan plan, Set<Op> accepted) {
        var expected = new HashMap<String, Object>();
        var log = new ArrayList<String>();
        for (var op : plan.ops) {
            if (accepted.contains(op)) {
                log.add("a");
                log.add("b");
                expected.put(op.id, Map.of("count", log.size(), "log", List.copyOf(log)));
            }
        }
        return expected;
    }
}
