package dev.kgraph.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One JVM of the cluster, started from a jar with a fixed command line, so it can be killed and started again on the
 * same ports and directories. stdout and stderr go to {@code <name>.log}; every start appends a marker line to it.
 */
final class ChildProcess {
    private final String name;
    private final List<String> command;
    private final Path log;
    private volatile @Nullable Process process;

    ChildProcess(String name, List<String> command, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            Files.writeString(log, "==== " + Instant.now() + " starting " + name + ": " + String.join(" ", command)
                    + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** SIGKILL on Linux: no shutdown hook runs, nothing is flushed or handed over. Returns once the process is gone. */
    synchronized void kill() {
        var running = process;
        if (running == null) {
            return;
        }
        running.destroyForcibly();
        try {
            if (!running.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + running.pid() + ") survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    /**
     * SIGTERM, as {@code docker stop} sends: the process shuts down cleanly. Returns how long it took to exit, or
     * fails if it is still running after {@code grace} (Docker would SIGKILL it then).
     */
    synchronized Duration stop(Duration grace) {
        var running = process;
        long start = System.nanoTime();
        signal("TERM");
        try {
            if (!running.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " (pid " + running.pid() + ") still running " + grace
                        + " after SIGTERM: a container would be killed before its clean stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + name, e);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Lines of this process's log (all its starts) that contain {@code marker}. */
    long logLinesContaining(String marker) {
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains(marker)).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    /**
     * SIGSTOP: the process stays alive but does nothing, as in a long GC pause or a frozen VM. Once its group evicts
     * it, it is a zombie: still holding executions and believing it owns partitions that others have taken over.
     */
    synchronized void pause() {
        signal("STOP");
    }

    /** SIGCONT: the zombie runs again, finishes what it had in flight, and only then learns it was replaced. */
    synchronized void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        var running = process;
        if (running == null || !running.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        try {
            var kill = new ProcessBuilder("kill", "-" + signal, Long.toString(running.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + running.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    boolean isAlive() {
        var running = process;
        return running != null && running.isAlive();
    }

    /** Fails fast with the log's location when the process died on its own (e.g. while starting). */
    void requireAlive() {
        var running = process;
        if (running != null && !running.isAlive()) {
            throw new IllegalStateException(name + " exited with " + running.exitValue() + "; see " + log);
        }
    }
}
