package dev.vpsguard.agent.procfs;

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
        Map<String, NetDev> out = new HashMap<>();
        for (String line : lines) {
            // Names cannot hold ':' (the kernel refuses them); the header lines have none either.
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            String[] f = line.substring(colon + 1).strip().split("\\s+");
            if (name.isEmpty() || f.length < 10) {
                continue;
            }
            try {
                out.put(
                        name,
                        new NetDev(
                                Long.parseLong(f[0]),
                                Long.parseLong(f[8]),
                                Long.parseLong(f[1]),
                                Long.parseLong(f[9])));
            } catch (NumberFormatException e) {
                // a line this parser does not know; the other interfaces still count
            }
        }
        return out;
    }
}
