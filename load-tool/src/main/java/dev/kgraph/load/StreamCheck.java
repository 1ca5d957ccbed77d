package dev.kgraph.load;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether one stream carried what its run must produce. Fed every event in order, asked once at the end of the body:
 * {@link #problem()} is null when the stream is complete and right. Any {@code error} event is a problem, and so is a
 * stream without events.
 */
abstract sealed class StreamCheck {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private int events;
    private String error;

    /** The check for a run of {@code graph}: echo's answer to {@code content}, emitter's {@code count} indexes. */
    static StreamCheck forRun(String graph, String content, int count) {
        return switch (graph) {
            case "echo" -> new EchoAnswer(content);
            case "emitter" -> new CustomInOrder(count);
            default -> new NoError();
        };
    }

    final void accept(SseEvent event) {
        events++;
        if (event.event().equals("error") && error == null) {
            error = "error event: " + LoopbackHttp.abbreviate(event.data(), 80);
        }
        check(event);
    }

    /** Null if the stream was complete and right, else what was wrong (a short, groupable kind). */
    final String problem() {
        if (error != null) {
            return error;
        }
        if (events == 0) {
            return "no events";
        }
        return finalProblem();
    }

    abstract void check(SseEvent event);

    abstract String finalProblem();

    static JsonNode parse(String data) {
        try {
            return JSON.readTree(data);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Any graph: no {@code error} event. */
    static final class NoError extends StreamCheck {
        @Override
        void check(SseEvent event) {
        }

        @Override
        String finalProblem() {
            return null;
        }
    }

    /** {@code echo} with stream mode {@code values}: the last {@code values} event ends with {@code echo: <content>}. */
    static final class EchoAnswer extends StreamCheck {
        private final String expected;
        private String lastValues;

        EchoAnswer(String content) {
            this.expected = "echo: " + content;
        }

        @Override
        void check(SseEvent event) {
            if (event.event().equals("values")) {
                lastValues = event.data();
            }
        }

        @Override
        String finalProblem() {
            if (lastValues == null) {
                return "no values event";
            }
            JsonNode values = parse(lastValues);
            JsonNode messages = values == null ? null : values.path("messages");
            boolean echoed = messages != null && messages.size() > 0
                    && expected.equals(messages.path(messages.size() - 1).path("content").asString(null));
            return echoed ? null : "final values without the echo";
        }
    }

    /** {@code emitter} with stream mode {@code custom}: events {@code {"i": 0}} .. {@code {"i": count-1}}, in order. */
    static final class CustomInOrder extends StreamCheck {
        private final int count;
        private int next;
        private String disorder;

        CustomInOrder(int count) {
            this.count = count;
        }

        @Override
        void check(SseEvent event) {
            if (!event.event().equals("custom") || disorder != null) {
                return;
            }
            if (next >= count) {
                disorder = "extra custom events";
                return;
            }
            JsonNode data = parse(event.data());
            int index = data == null ? -1 : data.path("i").asInt(-1);
            if (index != next) {
                disorder = "custom events missing or out of order";
                return;
            }
            next++;
        }

        @Override
        String finalProblem() {
            if (disorder != null) {
                return disorder;
            }
            return next == count ? null : "custom events missing (stream ended early)";
        }

        /** Custom events received in order so far. */
        int received() {
            return next;
        }
    }
}
