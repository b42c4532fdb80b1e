package dev.vpsguard.agent.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's own process figures under simpleclient_hotspot's names ({@code process_*} and the
 * heap's {@code jvm_memory_bytes_*{area="heap"}}, {@code jvm_info}), read from {@code /proc/self}
 * and {@link Runtime}. Not through JMX: the platform MBeans load about 500 classes, more memory
 * than the figures are worth (docs/decisions.md, "Agent: footprint"); the JVM's internals stay a
 * {@code jcmd} away. A file that cannot be read leaves its series out.
 */
public final class ProcessMetrics extends Collector {
    /** {@code /proc}'s clock tick: USER_HZ, 100 on every Linux architecture's ABI. */
    static final double USER_HZ = 100.0;

    private final Path proc;
    private final Runtime runtime;
    private final double startSeconds;

    /** Whether {@link #proc} is the kernel's (a capture's directory size means nothing). */
    private final boolean procfs;

    /** The figures of this process. */
    public ProcessMetrics() {
        this(
                Path.of("/proc/self"),
                Runtime.getRuntime(),
                ProcessHandle.current()
                        .info()
                        .startInstant()
                        .map(i -> i.toEpochMilli() / 1000.0)
                        .orElse(Double.NaN));
    }

    /**
     * @param proc a {@code /proc/<pid>} directory (a capture, in tests)
     * @param startSeconds the process's start, seconds since the epoch (NaN: unknown, left out)
     */
    ProcessMetrics(Path proc, Runtime runtime, double startSeconds) {
        this.proc = proc;
        this.runtime = runtime;
        this.startSeconds = startSeconds;
        this.procfs = proc.startsWith(Path.of("/proc"));
    }

    /** Registers the collector. */
    public static void registerTo(CollectorRegistry registry) {
        new ProcessMetrics().register(registry);
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> out = new ArrayList<>();
        Double cpu = cpuSeconds(read("stat"));
        if (cpu != null) {
            out.add(
                    single(
                            "process_cpu_seconds",
                            Type.COUNTER,
                            "Total user and system CPU time spent in seconds.",
                            "process_cpu_seconds_total",
                            cpu));
        }
        if (!Double.isNaN(startSeconds)) {
            gauge(
                    out,
                    "process_start_time_seconds",
                    "Start time of the process since unix epoch in seconds.",
                    startSeconds);
        }
        Integer fds = openFds();
        if (fds != null) {
            gauge(out, "process_open_fds", "Number of open file descriptors.", fds);
        }
        Double maxFds = maxOpenFiles(read("limits"));
        if (maxFds != null) {
            gauge(out, "process_max_fds", "Maximum number of open file descriptors.", maxFds);
        }
        String status = read("status");
        Double vm = statusBytes(status, "VmSize:");
        if (vm != null) {
            gauge(out, "process_virtual_memory_bytes", "Virtual memory size in bytes.", vm);
        }
        Double rss = statusBytes(status, "VmRSS:");
        if (rss != null) {
            gauge(out, "process_resident_memory_bytes", "Resident memory size in bytes.", rss);
        }
        long total = runtime.totalMemory();
        heap(
                out,
                "jvm_memory_bytes_used",
                "Used bytes of a given JVM memory area.",
                total - runtime.freeMemory());
        heap(
                out,
                "jvm_memory_bytes_committed",
                "Committed (bytes) of a given JVM memory area.",
                total);
        heap(
                out,
                "jvm_memory_bytes_max",
                "Max (bytes) of a given JVM memory area.",
                runtime.maxMemory());
        out.add(
                new MetricFamilySamples(
                        "jvm_info",
                        Type.GAUGE,
                        "VM version info",
                        List.of(
                                new MetricFamilySamples.Sample(
                                        "jvm_info",
                                        List.of("runtime", "vendor", "version"),
                                        List.of(
                                                property("java.runtime.name"),
                                                property("java.vm.vendor"),
                                                property("java.runtime.version")),
                                        1.0))));
        return out;
    }

    /** User plus system CPU seconds from a {@code stat} line, or null when it does not parse. */
    static Double cpuSeconds(String stat) {
        if (stat == null) {
            return null;
        }
        // The command name is in parentheses and may hold spaces: count fields after the last ')'.
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return null;
        }
        String[] f = stat.substring(close + 1).trim().split(" ");
        if (f.length < 13) {
            return null;
        }
        try {
            // Fields 14 and 15 of proc(5): utime and stime; f[0] is field 3.
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / USER_HZ;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A {@code status} line's kB figure in bytes ({@code VmRSS: 81992 kB}), or null. */
    static Double statusBytes(String status, String key) {
        if (status == null) {
            return null;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String[] f = line.substring(key.length()).trim().split("\\s+");
                try {
                    return Long.parseLong(f[0]) * 1024.0;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The soft limit of {@code Max open files} in a {@code limits} file, or null. */
    static Double maxOpenFiles(String limits) {
        if (limits == null) {
            return null;
        }
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                try {
                    return Double.parseDouble(f[0]);
                } catch (NumberFormatException e) {
                    return null; // "unlimited"
                }
            }
        }
        return null;
    }

    private Integer openFds() {
        Path dir = proc.resolve("fd");
        if (procfs) {
            // Since Linux 6.2 the size of /proc/<pid>/fd is its count of open descriptors: one
            // stat instead of listing them (four kept-open cgroup files per running guest).
            try {
                long size = Files.size(dir);
                if (size > 0) {
                    return (int) size;
                }
            } catch (IOException e) {
                // listed below
            }
        }
        int n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir)) {
            for (Path ignored : fds) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return null;
        }
    }

    private String read(String name) {
        try {
            return Files.readString(proc.resolve(name));
        } catch (IOException e) {
            return null;
        }
    }

    private static void gauge(List<MetricFamilySamples> out, String name, String help, double v) {
        out.add(single(name, Type.GAUGE, help, name, v));
    }

    private static void heap(List<MetricFamilySamples> out, String name, String help, double v) {
        out.add(
                new MetricFamilySamples(
                        name,
                        Type.GAUGE,
                        help,
                        List.of(
                                new MetricFamilySamples.Sample(
                                        name, List.of("area"), List.of("heap"), v))));
    }

    private static MetricFamilySamples single(
            String family, Type type, String help, String sample, double v) {
        return new MetricFamilySamples(
                family,
                type,
                help,
                List.of(new MetricFamilySamples.Sample(sample, List.of(), List.of(), v)));
    }

    private static String property(String key) {
        String v = System.getProperty(key);
        return v == null ? "unknown" : v;
    }
}
