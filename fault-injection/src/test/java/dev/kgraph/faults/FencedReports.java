package dev.kgraph.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reports of superseded executions that the workers ignored, read from their logs (the line {@code
 * ThreadSequencer} writes when it fences one). Each names its run: an execution of that run did work that was thrown
 * away, so the run was executed again, even where its attempt number shows it not (a dispatch that died uncommitted
 * with its worker is made again under the same attempt).
 */
record FencedReports(int count, Set<String> runIds) {
    private static final Pattern LINE = Pattern.compile("ignored a report of run (\\S+) (from a superseded|attempt)");

    static FencedReports in(Collection<Path> logs) {
        int count = 0;
        var runIds = new HashSet<String>();
        for (var log : logs) {
            try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) { // any bytes: the marker is ASCII
                for (var line : (Iterable<String>) lines::iterator) {
                    var matcher = LINE.matcher(line);
                    if (matcher.find()) {
                        count++;
                        runIds.add(matcher.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new FencedReports(count, Set.copyOf(runIds));
    }

    /** The worker logs of a cluster's output directory ({@code worker-N.log}). */
    static List<Path> workerLogs(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("worker-\\d+\\.log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs executed again: their checkpoints carry an attempt above 1, or a report of theirs was fenced. */
    Set<String> withResumed(Set<String> resumedRuns) {
        var all = new HashSet<>(resumedRuns);
        all.addAll(runIds);
        return all;
    }
}
