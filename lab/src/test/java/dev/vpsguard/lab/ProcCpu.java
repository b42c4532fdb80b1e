package dev.vpsguard.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** CPU time of a process and of its threads from {@code /proc/<pid>/stat}, in clock ticks. */
final class ProcCpu {
    static final long CLK_TCK = 100; // getconf CLK_TCK on Linux x86-64 and arm64

    private ProcCpu() {}

    /** utime + stime per thread name of {@code pid}. */
    static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> out = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    out.merge(name, ticksOf(stat), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // thread ended
                }
            }
        } catch (IOException e) {
            // process ended
        }
        return out;
    }

    /** The threads that spent CPU since {@code before}, busiest first, in seconds. */
    static String busiest(long pid, Map<String, Long> before) {
        Map<String, Long> now = threadTicks(pid);
        now.replaceAll((k, v) -> v - before.getOrDefault(k, 0L));
        return now.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + "=" + e.getValue() / (double) CLK_TCK + "s")
                .toList()
                .toString();
    }

    /** utime + stime of {@code pid}; 0 once it ended. */
    static long ticks(long pid) {
        try {
            return ticksOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long ticksOf(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
