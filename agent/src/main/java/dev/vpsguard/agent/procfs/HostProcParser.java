package dev.vpsguard.agent.procfs;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the host-wide files of {@code /proc}: {@code stat} (CPU ticks), {@code loadavg}, {@code
 * meminfo} and {@code mounts}. Pure; a line or field that does not parse is skipped or gives null,
 * nothing here throws.
 */
public final class HostProcParser {
    private HostProcParser() {}

    /**
     * The aggregate {@code cpu} line's ticks: user, nice, system, idle, iowait, irq, softirq, steal
     * (guest time is already inside user and nice), and the count of {@code cpuN} lines (the online
     * logical CPUs).
     *
     * @param ticks the eight tick counts, or null when the {@code cpu} line is absent or garbage
     */
    public record CpuTicks(long[] ticks, int cpus) {
        /** Busy share of all CPUs between {@code earlier} and this reading, 0..1, or NaN. */
        public double busySince(CpuTicks earlier) {
            if (ticks == null || earlier == null || earlier.ticks == null) {
                return Double.NaN;
            }
            long total = 0;
            long idle = 0;
            for (int i = 0; i < ticks.length; i++) {
                long d = ticks[i] - earlier.ticks[i];
                total += d;
                if (i == 3 || i == 4) {
                    idle += d; // idle and iowait
                }
            }
            return total <= 0 ? Double.NaN : (double) (total - idle) / total;
        }
    }

    /** {@code /proc/stat}. */
    public static CpuTicks cpuTicks(List<String> lines) {
        long[] ticks = null;
        int cpus = 0;
        for (String line : lines) {
            if (line.startsWith("cpu ")) {
                String[] f = line.substring(4).strip().split("\\s+");
                if (f.length >= 8) {
                    ticks = new long[8];
                    for (int i = 0; i < 8 && ticks != null; i++) {
                        Long v = unsigned(f[i]);
                        if (v == null) {
                            ticks = null;
                        } else {
                            ticks[i] = v;
                        }
                    }
                }
            } else if (line.startsWith("cpu") && line.length() > 3 && isDigit(line.charAt(3))) {
                cpus++;
            }
        }
        return new CpuTicks(ticks, cpus);
    }

    /** {@code /proc/loadavg}: the 1, 5 and 15-minute averages, each null when unreadable. */
    public static Double[] loadAverages(List<String> lines) {
        Double[] out = new Double[3];
        if (lines.isEmpty()) {
            return out;
        }
        String[] f = lines.get(0).strip().split("\\s+");
        for (int i = 0; i < 3 && i < f.length; i++) {
            try {
                double v = Double.parseDouble(f[i]);
                out[i] = Double.isFinite(v) && v >= 0 ? v : null;
            } catch (NumberFormatException e) {
                out[i] = null;
            }
        }
        return out;
    }

    /**
     * {@code /proc/meminfo}, in bytes; a field absent from the file is null.
     *
     * @param available {@code MemAvailable}, the kernel's estimate of memory free for new work
     */
    public record MemInfo(Long total, Long available, Long swapTotal, Long swapFree) {}

    /** {@code /proc/meminfo}. */
    public static MemInfo memInfo(List<String> lines) {
        Long total = null;
        Long available = null;
        Long swapTotal = null;
        Long swapFree = null;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            if (!key.equals("MemTotal")
                    && !key.equals("MemAvailable")
                    && !key.equals("SwapTotal")
                    && !key.equals("SwapFree")) {
                continue;
            }
            String[] f = line.substring(colon + 1).strip().split("\\s+");
            Long kib = unsigned(f[0]);
            Long bytes =
                    kib == null || kib > Long.MAX_VALUE / 1024
                            ? null
                            : f.length > 1 && f[1].equals("kB") ? kib * 1024 : kib;
            switch (key) {
                case "MemTotal" -> total = bytes;
                case "MemAvailable" -> available = bytes;
                case "SwapTotal" -> swapTotal = bytes;
                default -> swapFree = bytes;
            }
        }
        return new MemInfo(total, available, swapTotal, swapFree);
    }

    /** One line of {@code /proc/mounts}: what is mounted where, with which file system type. */
    public record Mount(String device, String mountPoint, String type) {}

    /**
     * {@code /proc/mounts} (or {@code /proc/self/mounts}), with the kernel's octal escapes undone.
     */
    public static List<Mount> mounts(List<String> lines) {
        List<Mount> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length >= 3 && !f[1].isEmpty()) {
                out.add(new Mount(unescape(f[0]), unescape(f[1]), f[2]));
            }
        }
        return out;
    }

    /** The kernel writes space, tab, newline and backslash in a mount field as {@code \ooo}. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder b = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\'
                    && i + 3 < field.length()
                    && isOctal(field.charAt(i + 1))
                    && isOctal(field.charAt(i + 2))
                    && isOctal(field.charAt(i + 3))) {
                b.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** A decimal non-negative long, or null. */
    private static Long unsigned(String s) {
        if (s.isEmpty() || s.length() > 19) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return null;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null; // 19 digits above Long.MAX_VALUE
        }
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
