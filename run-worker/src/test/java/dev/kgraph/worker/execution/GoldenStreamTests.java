package dev.kgraph.worker.execution;

import dev.kgraph.graph.CustomEvent;
import dev.kgraph.graph.RunResult;
import dev.kgraph.graph.golden.CaseReplay;
import dev.kgraph.graph.golden.GoldenCase;
import dev.kgraph.graph.golden.GoldenGraphs;
import dev.kgraph.graph.golden.JsonValues;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's stream output against LangGraph.js's: every {@code stream} operation of the golden cases
 * ({@code graph-runtime/golden/cases/stream-*.json}, what {@code graph.stream(...)} of LangGraph.js 1.7.3 yielded, see
 * {@code golden/README.md}) runs on the Java runtime with the same graph ({@link GoldenGraphs}); its events go through
 * {@link StreamTranslator} as in a worker, and the SSE frames must equal the library's chunks mapped the way the API
 * servers map them ({@link ServerShapes}): event {@code mode} or {@code mode|ns}, data = the chunk.
 *
 * <p>The only allowed differences are the named ones in {@link ServerShapes.Known}, each applied to the expected side
 * with the reason; anything else fails the case with every differing frame listed.
 */
class GoldenStreamTests {

    /** Relative to run-worker's directory (Surefire's working directory); -Dgolden.cases points elsewhere. */
    static final Path DIRECTORY = Path.of(System.getProperty("golden.cases", "../graph-runtime/golden/cases"));

    /** Debug timestamps are dropped on both sides; a fixed clock keeps the frames reproducible anyway. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    static Stream<GoldenCase> cases() throws IOException {
        List<GoldenCase> streams = GoldenCase.all(DIRECTORY).filter(GoldenCase::streams).toList();
        assertThat(streams).as("stream cases in %s", DIRECTORY.toAbsolutePath()).isNotEmpty();
        return streams.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(60)
    @SuppressWarnings("unchecked")
    void serverStreamMatchesLangGraphJs(GoldenCase golden) {
        CaseReplay replay = new CaseReplay(GoldenGraphs.compile(golden.graph()));
        FrameNormaliser normaliser = new FrameNormaliser(replay.normaliser());
        List<String> divergences = new ArrayList<>();
        for (int i = 0; i < golden.operations().size(); i++) {
            Map<String, Object> op = golden.operations().get(i);
            Map<String, Object> expect = (Map<String, Object>) op.get("expect");
            List<String> modes = (List<String>) op.get("streamMode");
            boolean subgraphs = Boolean.TRUE.equals(op.get("subgraphs"));
            String thread = (String) op.get("thread");

            // The library's "messages" is the server's "messages-tuple" (both servers map it so).
            Set<String> serverModes = new LinkedHashSet<>();
            modes.forEach(mode -> serverModes.add("messages".equals(mode) ? "messages-tuple" : mode));
            StreamTranslator translator = new StreamTranslator(serverModes, subgraphs, Map.of(), CLOCK);
            List<StreamTranslator.Frame> frames = new ArrayList<>();
            List<Object> subgraphCustom = new ArrayList<>(); // ServerShapes.Known.SUBGRAPH_CUSTOM_WITHOUT_SUBGRAPHS
            RunResult result = replay.stream(op, event -> {
                synchronized (frames) {
                    frames.addAll(translator.translate(event));
                    if (!subgraphs && event instanceof CustomEvent custom && !custom.namespace().isEmpty()) {
                        subgraphCustom.add(custom.payload());
                    }
                }
            });
            if (result.status() == RunResult.Status.INTERRUPTED && result.interrupts().isEmpty()) {
                frames.addAll(translator.staticBreakpoint()); // as RunStreamWriter.finish does for a breakpoint
            }
            List<Object> expected = new ServerShapes(modes, subgraphCustom)
                    .frames((List<List<Object>>) expect.get("chunks"));
            List<Object> actual = new ArrayList<>();
            for (StreamTranslator.Frame frame : frames) {
                actual.add(normaliser.frame(thread, frame.event(), frame.data()));
            }

            if (expect.containsKey("error") && actual.size() > expected.size()
                    && actual.subList(expected.size(), actual.size()).stream().allMatch(GoldenStreamTests::taskEvent)) {
                actual = actual.subList(0, expected.size()); // ServerShapes.Known.FAILED_STEP_TASK_EVENTS
            }
            compare(divergences, golden.name(), i, op, expected, actual);
            Object expectedError = expect.get("error");
            Object actualError = result.status() == RunResult.Status.ERROR
                    ? replay.normaliser().error(result.error()) : null;
            if (!Objects.equals(JsonValues.canonical(expectedError), JsonValues.canonical(actualError))) {
                divergences.add(golden.name() + " operation " + i + ": error: expected "
                        + JsonValues.compact(expectedError) + ", actual " + JsonValues.compact(actualError));
            }
        }
        assertThat(divergences).as("%s: %s", golden.name(), golden.description()).isEmpty();
    }

    /** A tasks event, or a debug event about a task (start or result). */
    private static boolean taskEvent(Object frame) {
        List<?> f = (List<?>) frame;
        String event = (String) f.get(0);
        return event.equals("tasks") || event.startsWith("tasks|") || (event.equals("debug") || event.startsWith("debug|"))
                && f.get(1) instanceof Map<?, ?> debug && !"checkpoint".equals(debug.get("type"));
    }

    /** Lists every frame that differs (by position), and the two event-name sequences when the counts differ. */
    private static void compare(List<String> out, String name, int index, Map<String, Object> op, List<Object> expected,
                                List<Object> actual) {
        if (Objects.equals(JsonValues.canonical(expected), JsonValues.canonical(actual))) {
            return;
        }
        Map<String, Object> input = new LinkedHashMap<>(op);
        input.remove("expect");
        StringBuilder text = new StringBuilder(name + " operation " + index + " " + JsonValues.compact(input) + "\n");
        if (expected.size() != actual.size()) {
            text.append("  frames: expected ").append(events(expected)).append("\n          actual   ")
                    .append(events(actual)).append('\n');
        }
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            Object e = i < expected.size() ? expected.get(i) : null;
            Object a = i < actual.size() ? actual.get(i) : null;
            if (!Objects.equals(JsonValues.canonical(e), JsonValues.canonical(a))) {
                text.append("  frame ").append(i).append(":\n    expected ").append(JsonValues.compact(e))
                        .append("\n    actual   ").append(JsonValues.compact(a)).append('\n');
            }
        }
        out.add(text.toString());
    }

    private static List<Object> events(List<Object> frames) {
        return frames.stream().<Object>map(f -> ((List<?>) f).getFirst()).toList();
    }
}
