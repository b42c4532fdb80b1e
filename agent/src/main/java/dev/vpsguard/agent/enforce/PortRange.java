package dev.vpsguard.agent.enforce;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * An inclusive range of TCP or UDP ports; a single port has {@code low == high}.
 *
 * @param low first port, 1..65535
 * @param high last port, low..65535
 */
public record PortRange(int low, int high) implements Comparable<PortRange> {
    public PortRange {
        if (low < 1 || high > 65_535 || low > high) {
            throw new IllegalArgumentException("bad port range " + low + "-" + high);
        }
    }

    /** Parses {@code "445"} or {@code "135-139"}, the protocol's form (already checked there). */
    public static PortRange parse(String text) {
        int dash = text.indexOf('-');
        if (dash < 0) {
            int port = Integer.parseInt(text.strip());
            return new PortRange(port, port);
        }
        return new PortRange(
                Integer.parseInt(text.substring(0, dash).strip()),
                Integer.parseInt(text.substring(dash + 1).strip()));
    }

    /**
     * Sorted, with overlapping and adjacent ranges joined: nft refuses overlapping intervals in one
     * set, and the joined form is what it would list back.
     */
    public static List<PortRange> coalesce(Collection<PortRange> ranges) {
        List<PortRange> out = new ArrayList<>();
        for (PortRange r : new TreeSet<>(ranges)) {
            PortRange last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && r.low <= last.high + 1) {
                out.set(out.size() - 1, new PortRange(last.low, Math.max(last.high, r.high)));
            } else {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public int compareTo(PortRange o) {
        return low != o.low ? Integer.compare(low, o.low) : Integer.compare(high, o.high);
    }

    @Override
    public String toString() {
        return low == high ? Integer.toString(low) : low + "-" + high;
    }
}
