package dev.kgraph.standalone.management;

import java.util.Map;
import java.util.OptionalDouble;

/** A Prometheus text scrape ({@code /actuator/prometheus}), read as a monitoring system would. */
public record Scrape(String text) {

    /**
     * The value of the sample {@code name} whose labels include {@code labels} (Micrometer writes labels sorted by
     * name), if there is one.
     */
    public OptionalDouble value(String name, Map<String, String> labels) {
        for (var line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            var series = line.substring(0, space);
            if (labels.entrySet().stream().allMatch(l -> series.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                return OptionalDouble.of(Double.parseDouble(line.substring(space + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    /** Like {@link #value}, 0 when the series is absent. */
    public double valueOrZero(String name, Map<String, String> labels) {
        return value(name, labels).orElse(0);
    }
}
