package dev.kgraph.graph.golden;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays every golden case (what LangGraph.js 1.7.3 did, see {@code golden/README.md}) on the Java runtime with the
 * same graphs ({@link GoldenGraphs}) and checks each operation's result against the recorded one.
 *
 * <p>Every operation runs even after a mismatch, so one failure lists all divergences of a case; an early divergence
 * may cause later ones. With {@code -Dgolden.report=<file>} the divergences are also appended to that file as Markdown.
 */
class GoldenCaseTests {

    static Stream<GoldenCase> cases() throws IOException {
        return GoldenCase.all().filter(golden -> !golden.streams()); // stream cases: run-worker's GoldenStreamTests
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(60) // a runtime that deadlocks fails its case instead of hanging the build
    void runtimeBehavesLikeLangGraphJs(GoldenCase golden) throws IOException {
        CaseReplay replay = new CaseReplay(GoldenGraphs.compile(golden.graph()));
        List<Divergence> divergences = new ArrayList<>();
        for (int i = 0; i < golden.operations().size(); i++) {
            Map<String, Object> op = golden.operations().get(i);
            Object expected = op.get("expect");
            Object actual;
            try {
                actual = replay.run(op);
            } catch (RuntimeException cannotReplay) {
                divergences.add(new Divergence(golden.name(), i, op, expected, "cannot replay: " + cannotReplay));
                break;
            }
            if (!Objects.equals(JsonValues.canonical(actual), JsonValues.canonical(expected))) {
                divergences.add(new Divergence(golden.name(), i, op, expected, actual));
            }
        }
        report(divergences);
        assertThat(divergences).as("%s: %s", golden.name(), golden.description()).isEmpty();
    }

    private static void report(List<Divergence> divergences) throws IOException {
        String file = System.getProperty("golden.report");
        if (file == null || divergences.isEmpty()) {
            return;
        }
        String text = divergences.stream().map(Divergence::toMarkdown).collect(Collectors.joining("\n")) + "\n";
        Files.writeString(Path.of(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
