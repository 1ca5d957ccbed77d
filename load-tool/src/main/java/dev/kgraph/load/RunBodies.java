package dev.kgraph.load;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The request bodies the loads send, and how a {@code runs/wait} answer is judged. */
final class RunBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONTENT_KEY = "\"content\"";

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

    /**
     * True if the last message of the returned state is the echo graph's answer to {@code content}; any other graph's
     * 200 counts.
     */
    static boolean echoes(String graph, String body, String content) {
        if (!graph.equals("echo")) {
            return true;
        }
        return ("echo: " + content).equals(lastContent(body));
    }

    /**
     * The string value of the last {@code "content"} key of a JSON object: in an {@code echo} state, the last message's
     * content. Found from the end rather than by parsing the whole body: on one long thread ({@code same-thread}) the
     * answer is the whole conversation, hundreds of KB, and parsing it took the load tool about 2.6 ms per run of the
     * CPU the measured server shares. A {@code "content"} inside a JSON string cannot match (its quotes are escaped).
     */
    static String lastContent(String body) {
        if (!body.stripTrailing().endsWith("}")) {
            return null;
        }
        int key = body.lastIndexOf(CONTENT_KEY);
        if (key < 0) {
            return null;
        }
        int keyEnd = key + CONTENT_KEY.length();
        int colon = body.indexOf(':', keyEnd);
        if (colon < 0 || !body.substring(keyEnd, colon).isBlank()) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(body.substring(colon + 1))) {
            return parser.nextToken() == JsonToken.VALUE_STRING ? parser.getString() : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Keeps error keys few: ids replaced, length capped. */
    static String abbreviate(String body) {
        return LoopbackHttp.abbreviate(body, 80);
    }
}
