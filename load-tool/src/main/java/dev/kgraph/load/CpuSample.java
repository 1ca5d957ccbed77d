package dev.kgraph.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time used so far by some processes and by the whole machine, read from Linux's {@code /proc} (other systems
 * give no figures). Two samples give the cores each process used in between, which shows where a benchmark's CPU
 * went on a machine that the server, its workers, the broker and the load generator share.
 *
 * @param at             {@link System#nanoTime()} of the sample
 * @param processTicks   user + system clock ticks of each named process; absent when it could not be read (gone)
 * @param machineTicks   all ticks of all CPUs since boot, and of those the idle and I/O-wait ones
 */
record CpuSample(long at, Map<String, Long> processTicks, long machineTicks, long machineIdleTicks) {

    /** {@code USER_HZ}: 100 on every Linux architecture the JDK runs on; {@code /proc} counts in these ticks. */
    private static final double TICKS_PER_SECOND = 100.0;

    static CpuSample take(Map<String, Long> pids) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            long used = readProcessTicks(pid);
            if (used >= 0) {
                ticks.put(name, used);
            }
        });
        long[] machine = readMachineTicks();
        return new CpuSample(System.nanoTime(), ticks, machine[0], machine[1]);
    }

    /** Cores each process used between {@code earlier} and this sample, plus {@code machine}: busy cores in all. */
    Map<String, Double> coresSince(CpuSample earlier) {
        double seconds = Math.max(1e-9, (at - earlier.at) / 1e9);
        Map<String, Double> cores = new LinkedHashMap<>();
        earlier.processTicks.forEach((name, before) -> {
            Long after = processTicks.get(name);
            if (after != null) {
                cores.put(name, round2((after - before) / TICKS_PER_SECOND / seconds));
            }
        });
        long all = machineTicks - earlier.machineTicks;
        long idle = machineIdleTicks - earlier.machineIdleTicks;
        if (all > 0) {
            cores.put("machine", round2((1 - (double) idle / all) * Runtime.getRuntime().availableProcessors()));
        }
        return cores;
    }

    /** CPU milliseconds each process used between {@code earlier} and this sample (tick resolution: 10 ms). */
    Map<String, Long> cpuMillisSince(CpuSample earlier) {
        Map<String, Long> millis = new LinkedHashMap<>();
        earlier.processTicks.forEach((name, before) -> {
            Long after = processTicks.get(name);
            if (after != null) {
                millis.put(name, Math.round((after - before) * 1000 / TICKS_PER_SECOND));
            }
        });
        return millis;
    }

    /** utime + stime (fields 14 and 15 of {@code /proc/PID/stat}, counted after the parenthesised name); -1 if gone. */
    private static long readProcessTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }

    /** All CPUs' ticks from the first line of {@code /proc/stat}, and the idle + iowait ones; zeros without it. */
    private static long[] readMachineTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long all = 0;
            for (int i = 1; i <= 8 && i < fields.length; i++) { // user .. steal; guest time is already in user
                all += Long.parseLong(fields[i]);
            }
            return new long[] {all, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
        } catch (IOException | RuntimeException unreadable) {
            return new long[] {0, 0};
        }
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
