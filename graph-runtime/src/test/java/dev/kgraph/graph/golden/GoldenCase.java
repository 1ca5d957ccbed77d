package dev.kgraph.graph.golden;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One golden file: a graph name and the operations LangGraph.js ran on it, each with the observed result under
 * {@code expect}. The file format is described in {@code graph-runtime/golden/README.md}.
 */
public record GoldenCase(String name, String graph, String description, List<Map<String, Object>> operations) {

    /** Where the cases are, relative to the module directory (Surefire's working directory). */
    public static final Path DIRECTORY = Path.of(System.getProperty("golden.cases", "golden/cases"));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @SuppressWarnings("unchecked")
    static GoldenCase read(Path file) {
        Map<String, Object> json = JSON.readValue(file.toFile(), Map.class);
        return new GoldenCase((String) json.get("case"), (String) json.get("graph"), (String) json.get("description"),
                (List<Map<String, Object>>) json.get("operations"));
    }

    /** Every case file, in name order; fails when there are none, so a moved directory cannot pass silently. */
    static Stream<GoldenCase> all() throws IOException {
        return all(DIRECTORY);
    }

    /** Every case file of {@code directory}, in name order; fails when there are none. */
    public static Stream<GoldenCase> all(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("No golden cases in " + directory.toAbsolutePath());
        }
        return files.stream().map(GoldenCase::read);
    }

    /**
     * Whether the case records stream output ({@code stream} operations): those are replayed through the server's
     * stream translation by run-worker's GoldenStreamTests, not here.
     */
    public boolean streams() {
        return operations.stream().anyMatch(op -> "stream".equals(op.get("op")));
    }

    @Override
    public String toString() {
        return name;
    }
}
