package dev.vpsguard.agent.smtp;

import dev.vpsguard.protocol.SmtpWindow;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * One guest's SMTP counters for the open window. The distinct sets hold at most {@link
 * #DISTINCT_CAP} entries each; past that the count stays at the cap, which is far above any
 * threshold (a bot reaching it is flagged anyway) and bounds memory to a few MB per guest.
 */
final class GuestSmtpCounts {
    /** Most distinct destinations (and prefixes) remembered per guest per window. */
    static final int DISTINCT_CAP = 65_536;

    private final Set<InetAddress> destinations = new HashSet<>();
    private final Set<Long> prefixes = new HashSet<>();
    private long newConnections;
    private long unreplied;
    private long resetOrRefused;
    private long established;
    private long bytesSent;
    private boolean sawAccounting;

    void newConnection(InetAddress destination) {
        newConnections++;
        if (destinations.size() < DISTINCT_CAP) {
            destinations.add(destination);
        }
        if (prefixes.size() < DISTINCT_CAP) {
            prefixes.add(prefixKey(destination));
        }
    }

    void unreplied() {
        unreplied++;
    }

    void resetOrRefused() {
        resetOrRefused++;
    }

    void established() {
        established++;
    }

    void bytesSent(long bytes) {
        sawAccounting = true;
        bytesSent += bytes;
    }

    SmtpWindow toWindow(Instant start, Instant end) {
        long distinct = destinations.size();
        return new SmtpWindow(
                start,
                end,
                newConnections,
                distinct,
                Math.min(prefixes.size(), distinct),
                unreplied,
                resetOrRefused,
                established,
                sawAccounting ? bytesSent : null);
    }

    /** /24 for IPv4, /48 for IPv6, tagged by family so the two spaces never collide. */
    static long prefixKey(InetAddress address) {
        byte[] b = address.getAddress();
        int bytes = b.length == 4 ? 3 : 6;
        long key = b.length == 4 ? 4L << 56 : 6L << 56;
        for (int k = 0; k < bytes; k++) {
            key |= (b[k] & 0xffL) << (8 * (bytes - 1 - k));
        }
        return key;
    }
}
