package dev.kgraph.load;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The request bodies the loads send, and how a {@code runs/wait} answer is judged. */
final class RunBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RunBodies() {
    }

    /** {@code POST /threads}: the thread with this id, kept if it exists. */
    static String createThread(String threadId) {
        return JSON.writeValueAsString(JSON.createObjectNode().put("thread_id", threadId).put("if_exists", "do_nothing"));
    }

    /** {@code runs/wait} with one user message, as each mode sends it. */
    static String waitForRun(String graph, String content, Mode mode) {
        ObjectNode body = JSON.createObjectNode().put("assistant_id", graph);
        body.putObject("input").putArray("messages").addObject().put("role", "user").put("content", content);
        switch (mode) {
            case NEW_THREAD -> body.put("if_not_exists", "create");
            case SAME_THREAD -> body.put("multitask_strategy", "enqueue");
            case OWN_THREAD -> { }
        }
        return JSON.writeValueAsString(body);
    }

    /** True if the last message of the returned state is the echo graph's answer to {@code content}; any other graph's 200 counts. */
    static boolean echoes(String graph, String body, String content) {
        if (!graph.equals("echo")) {
            return true;
        }
        try {
            JsonNode messages = JSON.readTree(body).path("messages");
            JsonNode last = messages.path(messages.size() - 1);
            return ("echo: " + content).equals(last.path("content").asString(null));
        } catch (JacksonException e) {
            return false;
        }
    }

    /** Keeps error keys few: ids replaced, length capped. */
    static String abbreviate(String body) {
        return LoopbackHttp.abbreviate(body, 80);
    }
}
