package dev.kgraph.graph.golden;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One operation of a golden case whose Java result differs from LangGraph.js's, rendered for a person to read. */
record Divergence(String caseName, int index, Map<String, Object> operation, Object expected, Object actual) {

    private static final int MAX_DIFFERENCES = 12;
    private static final int MAX_PRETTY_LINES = 40;

    /** The operation without its recorded result, on one line. */
    String describeOperation() {
        Map<String, Object> input = new LinkedHashMap<>(operation);
        input.remove("expect");
        return JsonValues.compact(input);
    }

    List<String> differences() {
        return JsonValues.differences(expected, actual, MAX_DIFFERENCES);
    }

    /** A Markdown section: the operation, where the results differ, and both results when they are short. */
    String toMarkdown() {
        StringBuilder out = new StringBuilder("### " + caseName + ", operation " + index + "\n`" + describeOperation()
                + "`\n\n");
        differences().forEach(d -> out.append("- `").append(d).append("`\n"));
        String expectedJson = JsonValues.pretty(expected);
        String actualJson = JsonValues.pretty(actual);
        if (expectedJson.lines().count() + actualJson.lines().count() <= MAX_PRETTY_LINES) {
            out.append("\nexpected (LangGraph.js):\n```json\n").append(expectedJson).append("\n```\nactual (Java):\n```json\n")
                    .append(actualJson).append("\n```\n");
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "\n" + caseName + ", operation " + index + ": " + describeOperation() + "\n  "
                + String.join("\n  ", differences());
    }
}
