package dev.vpsguard.agent.procfs;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code /proc/net/dev}: every interface's counters of the reading process's network
 * namespace in one file, where {@code /sys/class/net/<iface>/statistics/} takes four reads per
 * interface. Both come from the kernel's {@code dev_get_stats}. Lines that do not parse are
 * skipped; nothing here throws.
 */
public final class NetDevParser {
    private NetDevParser() {}

    /**
     * One interface's counters, cumulative since it was created.
     *
     * @param rxBytes received, bytes
     * @param txBytes sent, bytes
     * @param rxPackets received, packets
     * @param txPackets sent, packets
     */
    public record NetDev(long rxBytes, long txBytes, long rxPackets, long txPackets) {}

    /** The counters by interface name. */
    public static Map<String, NetDev> parse(List<String> lines) {
        byte[] b = Ascii.join(lines);
        return parse(b, b.length);
    }

    /** {@link #parse(List)} from the first {@code length} bytes of {@code b}. */
    public static Map<String, NetDev> parse(byte[] b, int length) {
        Map<String, NetDev> out = new HashMap<>();
        long[] f = new long[10];
        for (int ls = 0; ls < length; ) {
            int le = Ascii.lineEnd(b, ls, length);
            line(b, ls, le, f, out);
            ls = Ascii.nextLine(le, length);
        }
        return out;
    }

    /** One line into {@code out}; false when it is a header or does not parse. */
    private static boolean line(byte[] b, int from, int to, long[] f, Map<String, NetDev> out) {
        // Names cannot hold ':' (the kernel refuses them); the header lines have none either.
        int colon = from;
        while (colon < to && b[colon] != ':') {
            colon++;
        }
        int ns = Ascii.skipBlanks(b, from, colon);
        int ne = colon;
        while (ne > ns && Ascii.isBlank(b[ne - 1])) {
            ne--;
        }
        if (colon == to || ns == ne) {
            return false;
        }
        int i = colon + 1;
        for (int k = 0; k < f.length; k++) {
            int fs = Ascii.skipBlanks(b, i, to);
            int fe = Ascii.fieldEnd(b, fs, to);
            f[k] = Ascii.unsigned(b, fs, fe);
            if (f[k] == Ascii.NONE) {
                return false; // a line this parser does not know; the other interfaces still count
            }
            i = fe;
        }
        String name = new String(b, ns, ne - ns, StandardCharsets.UTF_8);
        out.put(name, new NetDev(f[0], f[8], f[1], f[9]));
        return true;
    }
}
