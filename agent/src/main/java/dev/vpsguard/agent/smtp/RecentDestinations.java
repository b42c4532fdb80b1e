package dev.vpsguard.agent.smtp;

import dev.vpsguard.protocol.RecentDistinct;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One guest's destinations (and their prefixes) over the last {@link #SPAN}, whole windows: the
 * union the server cannot take from per-window counts. Each address is held with the end of the
 * last window it was seen in, in that order, so that the expired ones are at the head. Addresses
 * never leave this class (contract S4); at most {@code cap} of each kind are held, so the counts
 * saturate at the cap like the per-window ones.
 */
final class RecentDestinations {
    /** The server's fan-out span. */
    static final Duration SPAN = Duration.ofMinutes(10);

    private final int cap;
    private final Map<Object, Long> destinations = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Object, Long> prefixes = new LinkedHashMap<>(16, 0.75f, true);

    RecentDestinations(int cap) {
        this.cap = cap;
    }

    /** Adds the destinations of the window that ended at {@code endMs}. */
    void add(Set<Object> windowDestinations, Set<Object> windowPrefixes, long endMs) {
        put(destinations, windowDestinations, endMs);
        put(prefixes, windowPrefixes, endMs);
    }

    /** Drops what was last seen in windows that ended at or before {@code ms}. */
    void expire(long ms) {
        expire(destinations, ms);
        expire(prefixes, ms);
    }

    boolean isEmpty() {
        return destinations.isEmpty();
    }

    /** The counts at {@code end}, covering whole windows since {@code since}. */
    RecentDistinct counts(Instant since) {
        return new RecentDistinct(
                since, destinations.size(), Math.min(prefixes.size(), destinations.size()));
    }

    private void put(Map<Object, Long> held, Set<Object> seen, long endMs) {
        for (Object o : seen) {
            if (held.size() < cap || held.containsKey(o)) {
                held.put(o, endMs); // access order: a refreshed address moves to the tail
            }
        }
    }

    private static void expire(Map<Object, Long> held, long ms) {
        Iterator<Map.Entry<Object, Long>> it = held.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue() > ms) {
                return;
            }
            it.remove();
        }
    }
}
