package dev.vpsguard.agent.sampling;

import dev.vpsguard.agent.procfs.Ascii;
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

    private static final byte[] USAGE_USEC = Ascii.key("usage_usec");
    private static final byte[] USER_USEC = Ascii.key("user_usec");
    private static final byte[] SYSTEM_USEC = Ascii.key("system_usec");
    private static final byte[] FILE = Ascii.key("file");
    private static final byte[] RBYTES = Ascii.key("rbytes");
    private static final byte[] WBYTES = Ascii.key("wbytes");
    private static final byte[] RIOS = Ascii.key("rios");
    private static final byte[] WIOS = Ascii.key("wios");

    /** Parses {@code cpu.stat} ({@code usage_usec 123\nuser_usec 100\n...}). */
    public static CpuStat parseCpuStat(List<String> lines) {
        byte[] b = Ascii.join(lines);
        return parseCpuStat(b, b.length);
    }

    /** {@code cpu.stat} from the first {@code length} bytes of {@code b}. */
    public static CpuStat parseCpuStat(byte[] b, int length) {
        long usage = keyed(b, length, USAGE_USEC);
        long user = keyed(b, length, USER_USEC);
        long system = keyed(b, length, SYSTEM_USEC);
        if (usage == Ascii.NONE && user != Ascii.NONE && system != Ascii.NONE) {
            usage = saturatedAdd(user, system);
        }
        return new CpuStat(boxed(usage), boxed(user), boxed(system));
    }

    /**
     * A file holding one non-negative integer ({@code memory.current}, {@code rx_bytes}, ...), or
     * null when it holds anything else.
     */
    public static Long parseCounter(List<String> lines) {
        byte[] b = Ascii.join(lines);
        return parseCounter(b, b.length);
    }

    /** {@link #parseCounter(List)} from the first {@code length} bytes of {@code b}. */
    public static Long parseCounter(byte[] b, int length) {
        return boxed(Ascii.firstLineNumber(b, length));
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
        byte[] b = Ascii.join(lines);
        return parseMemoryStatFile(b, b.length);
    }

    /** {@link #parseMemoryStatFile(List)} from the first {@code length} bytes of {@code b}. */
    public static Long parseMemoryStatFile(byte[] b, int length) {
        return boxed(keyed(b, length, FILE));
    }

    /**
     * Parses {@code io.stat}: lines {@code 8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0},
     * one per device, summed. An empty file (no IO yet) gives zeros.
     */
    public static IoStat parseIoStat(List<String> lines) {
        byte[] b = Ascii.join(lines);
        return parseIoStat(b, b.length);
    }

    /** {@link #parseIoStat(List)} from the first {@code length} bytes of {@code b}. */
    public static IoStat parseIoStat(byte[] b, int length) {
        long rbytes = 0;
        long wbytes = 0;
        long rios = 0;
        long wios = 0;
        for (int ls = 0; ls < length; ) {
            int le = Ascii.lineEnd(b, ls, length);
            int from = Ascii.skipBlanks(b, ls, le);
            int to = Ascii.fieldEnd(b, from, le);
            if (isDevice(b, from, to)) {
                for (int f = Ascii.skipBlanks(b, to, le); f < le; ) {
                    int fe = Ascii.fieldEnd(b, f, le);
                    int eq = indexOf(b, f, fe, (byte) '=');
                    long value = eq > f ? Ascii.unsigned(b, eq + 1, fe) : Ascii.NONE;
                    if (value != Ascii.NONE) {
                        // dbytes, dios: discards are not reads or writes
                        if (Ascii.equals(b, f, eq, RBYTES)) {
                            rbytes = saturatedAdd(rbytes, value);
                        } else if (Ascii.equals(b, f, eq, WBYTES)) {
                            wbytes = saturatedAdd(wbytes, value);
                        } else if (Ascii.equals(b, f, eq, RIOS)) {
                            rios = saturatedAdd(rios, value);
                        } else if (Ascii.equals(b, f, eq, WIOS)) {
                            wios = saturatedAdd(wios, value);
                        }
                    }
                    f = Ascii.skipBlanks(b, fe, le);
                }
            }
            ls = Ascii.nextLine(le, length);
        }
        return new IoStat(rbytes, wbytes, rios, wios);
    }

    /** {@code major:minor}, both decimal; a device line needs a second field too. */
    private static boolean isDevice(byte[] b, int from, int to) {
        int colon = indexOf(b, from, to, (byte) ':');
        return colon > from
                && Ascii.unsigned(b, from, colon) != Ascii.NONE
                && Ascii.unsigned(b, colon + 1, to) != Ascii.NONE;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The value of the first {@code key value} line (exactly two fields) with this key, or {@link
     * Ascii#NONE}.
     */
    private static long keyed(byte[] b, int length, byte[] key) {
        for (int ls = 0; ls < length; ) {
            int le = Ascii.lineEnd(b, ls, length);
            int from = Ascii.skipBlanks(b, ls, le);
            int to = Ascii.fieldEnd(b, from, le);
            if (Ascii.equals(b, from, to, key)) {
                int vf = Ascii.skipBlanks(b, to, le);
                int vt = Ascii.fieldEnd(b, vf, le);
                if (vf < le && Ascii.skipBlanks(b, vt, le) == le) {
                    return Ascii.unsigned(b, vf, vt);
                }
            }
            ls = Ascii.nextLine(le, length);
        }
        return Ascii.NONE;
    }

    private static Long boxed(long v) {
        return v == Ascii.NONE ? null : v;
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
