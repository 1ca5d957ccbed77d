package dev.kgraph.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The used heap of a local JVM read with {@code jstat -gc PID INTERVAL} (the JDK's tool next to this one): jstat reads
 * the target's performance counters from shared memory, so unlike a Prometheus scrape the readings cost the server
 * nothing and can be frequent. Used heap is survivor + eden + old generation used ({@code S0U S1U EU OU}).
 */
final class JstatHeap implements AutoCloseable {

    private final Process process;
    private final Thread reader;
    private final AtomicLong peak = new AtomicLong(-1);
    private final AtomicLong last = new AtomicLong(-1);
    private final AtomicInteger readings = new AtomicInteger();

    private JstatHeap(Process process) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("jstat-reader").start(this::read);
    }

    /** Starts jstat on {@code pid}; null when there is no jstat next to this JVM. */
    static JstatHeap start(long pid, long intervalMs) throws IOException {
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        if (!Files.isExecutable(jstat)) {
            return null;
        }
        var process = new ProcessBuilder(List.of(jstat.toString(), "-gc", Long.toString(pid),
                Math.max(10, intervalMs) + "ms")).redirectErrorStream(true).start();
        return new JstatHeap(process);
    }

    private void read() {
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = null;
            for (String line; (line = lines.readLine()) != null; ) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 0 && fields[0].equals("S0C")) {
                    header = List.of(fields);
                    continue;
                }
                long used = usedBytes(header, fields);
                if (used >= 0) {
                    readings.incrementAndGet();
                    last.set(used);
                    peak.accumulateAndGet(used, Math::max);
                }
            }
        } catch (IOException ended) {
            // the process was stopped
        }
    }

    /** S0U + S1U + EU + OU of one jstat line under {@code header}, in bytes; -1 for anything else. */
    static long usedBytes(List<String> header, String[] fields) {
        if (header == null || fields.length != header.size()) {
            return -1;
        }
        double kb = 0;
        try {
            for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                int i = header.indexOf(column);
                if (i < 0) {
                    return -1;
                }
                kb += Double.parseDouble(fields[i]);
            }
        } catch (NumberFormatException notANumber) {
            return -1;
        }
        return Math.round(kb * 1024);
    }

    /** The highest used heap read so far, -1 before the first reading. */
    long peakBytes() {
        return peak.get();
    }

    /** The latest reading, -1 before the first. */
    long lastBytes() {
        return last.get();
    }

    int readings() {
        return readings.get();
    }

    /** Forgets the peak: readings from now on count. */
    void resetPeak() {
        peak.set(last.get());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        reader.join(2000);
    }
}
