package dev.kgraph.graph.internals;

/** Reserved channel, node and path names, identical to LangGraph's so checkpoints look the same. */
public final class Names {
    public static final String START = "__start__";
    public static final String END = "__end__";
    public static final String INPUT = "__input__";
    public static final String TASKS = "__pregel_tasks";
    public static final String INTERRUPT = "__interrupt__";
    public static final String RESUME = "__resume__";
    public static final String ERROR = "__error__";
    public static final String NO_WRITES = "__no_writes__";
    public static final String PULL = "__pregel_pull";
    public static final String PUSH = "__pregel_push";
    public static final String BRANCH_PREFIX = "branch:to:";
    public static final String JOIN_PREFIX = "join:";

    private Names() {}

    /** Channels the runtime adds to the user's state fields (not part of state values). */
    public static boolean isInternal(String channel) {
        return channel.startsWith("__") || channel.startsWith(BRANCH_PREFIX) || channel.startsWith(JOIN_PREFIX);
    }

    /** Pending-write channels that carry bookkeeping rather than channel updates. */
    public static boolean isSpecialWrite(String channel) {
        return INTERRUPT.equals(channel) || RESUME.equals(channel) || ERROR.equals(channel) || NO_WRITES.equals(channel);
    }

    public static String branchTo(String node) {
        return BRANCH_PREFIX + node;
    }

    public static String join(java.util.List<String> sources, String target) {
        return JOIN_PREFIX + String.join("+", sources) + ":" + target;
    }
}
