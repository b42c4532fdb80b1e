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

    /**
     * The PostgreSQL server whose data directory is {@code dataDir} and its backends: pg_ctl starts
     * the postmaster detached, so it is found by its {@code -D} argument, its backends as its
     * children.
     */
    static java.util.List<Long> postgres(Path dataDir) {
        String dir = dataDir.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(
                        p ->
                                p.info()
                                        .arguments()
                                        .map(a -> java.util.Arrays.asList(a).contains(dir))
                                        .orElse(false))
                .flatMap(
                        p ->
                                java.util.stream.Stream.concat(
                                        java.util.stream.Stream.of(p), p.children()))
                .map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toList());
    }

    static long ticks(java.util.List<Long> pids) {
        return pids.stream().mapToLong(ProcStats::cpuTicks).sum();
    }

    /** Summed RSS, KiB (shared pages counted once per process: an upper bound). */
    static long rssKib(java.util.List<Long> pids) {
        return pids.stream().mapToLong(p -> statusKib(p, "VmRSS")).sum();
    }
}
