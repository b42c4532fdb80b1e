package dev.vpsguard.fleet.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and memory of a process from {@code /proc}: utime + stime of {@code /proc/<pid>/stat}
 * (clock ticks, 100 a second on Linux), VmRSS and VmHWM of {@code /proc/<pid>/status}.
 */
final class ProcStats {
    /** USER_HZ; Linux has used 100 on every architecture for decades. */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {}

    /** utime + stime, ticks; 0 once the process is gone. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may hold spaces and parentheses: fields count from the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** A line of {@code /proc/<pid>/status} in KiB (VmRSS, VmHWM), 0 when absent. */
    static long statusKib(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** The 1-, 5- and 15-minute load averages, as {@code /proc/loadavg} writes them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** CPU ticks of this JVM's descendant processes whose command is {@code name} (PostgreSQL). */
    static long descendantTicks(String name) {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/" + name)).orElse(false))
                .mapToLong(p -> cpuTicks(p.pid()))
                .sum();
    }

    /** RSS of those descendants, KiB (shared pages counted once per process: an upper bound). */
    static long descendantRssKib(String name) {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/" + name)).orElse(false))
                .mapToLong(p -> statusKib(p.pid(), "VmRSS"))
                .sum();
    }
}
