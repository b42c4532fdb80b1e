package dev.vpsguard.agent.smtp;

import dev.vpsguard.protocol.SmtpWindow;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * One guest's counts over the open window. Destination addresses are held only to count distinct
 * ones and are dropped when the window closes; they never leave this class (contract S4).
 */
final class WindowCounts {
    private final int distinctCap;
    private final Set<Object> destinations = new HashSet<>();
    private final Set<Object> prefixes = new HashSet<>();
    long newConnections;
    long unreplied;
    long resetOrRefused;
    long established;
    long bytesSent;

    WindowCounts(int distinctCap) {
        this.distinctCap = distinctCap;
    }

    /**
     * Remembers a destination. IPv4 addresses count by /24, IPv6 by /48. Once a set holds {@code
     * distinctCap} entries it stops growing, so the count saturates at the cap.
     */
    void destination(InetAddress address) {
        byte[] b = address.getAddress();
        Object host;
        Object prefix;
        if (b.length == 4) {
            int v4 =
                    ((b[0] & 0xff) << 24)
                            | ((b[1] & 0xff) << 16)
                            | ((b[2] & 0xff) << 8)
                            | (b[3] & 0xff);
            host = v4;
            prefix = v4 >>> 8;
        } else {
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (b[i] & 0xff);
                lo = (lo << 8) | (b[i + 8] & 0xff);
            }
            host = new V6(hi, lo);
            // Long, not Integer: an IPv6 /48 can never equal an IPv4 /24 in the same set.
            prefix = hi >>> 16;
        }
        if (destinations.size() < distinctCap) {
            destinations.add(host);
        }
        if (prefixes.size() < distinctCap) {
            prefixes.add(prefix);
        }
    }

    /** Adds {@code other}'s counts and distinct sets to these (the sets still stop at the cap). */
    void add(WindowCounts other) {
        newConnections += other.newConnections;
        unreplied += other.unreplied;
        resetOrRefused += other.resetOrRefused;
        established += other.established;
        bytesSent += other.bytesSent;
        addCapped(destinations, other.destinations);
        addCapped(prefixes, other.prefixes);
    }

    private void addCapped(Set<Object> into, Set<Object> from) {
        for (Object o : from) {
            if (into.size() >= distinctCap) {
                return;
            }
            into.add(o);
        }
    }

    boolean isEmpty() {
        return newConnections == 0
                && unreplied == 0
                && resetOrRefused == 0
                && established == 0
                && bytesSent == 0
                && destinations.isEmpty();
    }

    /**
     * Adds this window's destinations to {@code recent}, as seen in a window ending at {@code
     * endMs}.
     */
    void addTo(RecentDestinations recent, long endMs) {
        recent.add(destinations, prefixes, endMs);
    }

    SmtpWindow toWindow(Instant start, Instant end, boolean accounting) {
        return new SmtpWindow(
                start,
                end,
                newConnections,
                destinations.size(),
                prefixes.size(),
                unreplied,
                resetOrRefused,
                established,
                accounting ? bytesSent : null);
    }

    private record V6(long hi, long lo) {}
}
