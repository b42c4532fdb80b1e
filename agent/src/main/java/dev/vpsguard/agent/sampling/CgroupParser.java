package dev.vpsguard.agent.sampling;

import java.util.List;

/**
 * Pure parsers for cgroup v2 files and {@code /sys/class/net/<iface>/statistics/*} counters. They
 * never throw for any input: lines that do not parse are skipped and a figure that is absent or
 * unreadable is null. Sums saturate at {@link Long#MAX_VALUE} rather than wrap.
 */
public final class CgroupParser {
    private CgroupParser() {}

    /**
     * {@code cpu.stat}: cumulative CPU time, microseconds.
     *
     * @param usageUsec {@code usage_usec}, or user + system when only those are present
     * @param userUsec {@code user_usec}
     * @param systemUsec {@code system_usec}
     */
    public record CpuStat(Long usageUsec, Long userUsec, Long systemUsec) {}

    /**
     * {@code io.stat} summed over all devices, cumulative. Like Proxmox (PVE::CGroup get_io_stats)
     * we sum every device line; on a stacked device (LVM, dm) the kernel may charge the same bytes
     * to the dm device and to the disk under it (unverified on a real host).
     *
     * @param readBytes {@code rbytes}, bytes
     * @param writeBytes {@code wbytes}, bytes
     * @param readOps {@code rios}, operations
     * @param writeOps {@code wios}, operations
     */
    public record IoStat(long readBytes, long writeBytes, long readOps, long writeOps) {}

    /** Parses {@code cpu.stat} ({@code usage_usec 123\nuser_usec 100\n...}). */
    public static CpuStat parseCpuStat(List<String> lines) {
        Long usage = keyed(lines, "usage_usec");
        Long user = keyed(lines, "user_usec");
        Long system = keyed(lines, "system_usec");
        if (usage == null && user != null && system != null) {
            usage = saturatedAdd(user, system);
        }
        return new CpuStat(usage, user, system);
    }

    /**
     * A file holding one non-negative integer ({@code memory.current}, {@code rx_bytes}, ...), or
     * null when it holds anything else.
     */
    public static Long parseCounter(List<String> lines) {
        if (lines.isEmpty()) {
            return null;
        }
        return parseUnsigned(lines.get(0).strip());
    }

    /** {@code memory.max}: bytes, or null for {@code max} (no limit) and for garbage. */
    public static Long parseMemoryMax(List<String> lines) {
        return parseCounter(lines);
    }

    /**
     * The {@code file} line of {@code memory.stat}: page cache, bytes. Proxmox subtracts it from
     * {@code memory.current} to report a guest's memory use.
     */
    public static Long parseMemoryStatFile(List<String> lines) {
        return keyed(lines, "file");
    }

    /**
     * Parses {@code io.stat}: lines {@code 8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0},
     * one per device, summed. An empty file (no IO yet) gives zeros.
     */
    public static IoStat parseIoStat(List<String> lines) {
        long rbytes = 0;
        long wbytes = 0;
        long rios = 0;
        long wios = 0;
        for (String line : lines) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 2 || !isDevice(fields[0])) {
                continue;
            }
            for (int i = 1; i < fields.length; i++) {
                int eq = fields[i].indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                Long value = parseUnsigned(fields[i].substring(eq + 1));
                if (value == null) {
                    continue;
                }
                switch (fields[i].substring(0, eq)) {
                    case "rbytes" -> rbytes = saturatedAdd(rbytes, value);
                    case "wbytes" -> wbytes = saturatedAdd(wbytes, value);
                    case "rios" -> rios = saturatedAdd(rios, value);
                    case "wios" -> wios = saturatedAdd(wios, value);
                    default -> {
                        // dbytes, dios: discards are not reads or writes
                    }
                }
            }
        }
        return new IoStat(rbytes, wbytes, rios, wios);
    }

    private static boolean isDevice(String field) {
        int colon = field.indexOf(':');
        return colon > 0
                && parseUnsigned(field.substring(0, colon)) != null
                && parseUnsigned(field.substring(colon + 1)) != null;
    }

    /** The value of the first {@code key value} line with this key. */
    private static Long keyed(List<String> lines, String key) {
        for (String line : lines) {
            // memory.stat has some 40 lines: look at the key before splitting a line.
            if (!line.startsWith(key) && !line.strip().startsWith(key)) {
                continue;
            }
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 2 && fields[0].equals(key)) {
                return parseUnsigned(fields[1]);
            }
        }
        return null;
    }

    /** A decimal non-negative long, or null. */
    static Long parseUnsigned(String s) {
        if (s.isEmpty() || s.length() > 19) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null; // 19 digits above Long.MAX_VALUE
        }
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
