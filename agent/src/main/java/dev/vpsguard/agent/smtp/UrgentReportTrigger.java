package dev.vpsguard.agent.smtp;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Decides when a guest's burst of new SMTP connections is worth a report now rather than at the end
 * of the cycle, so a spam run is seen within seconds (contract S2). A guest crosses the pre-alert
 * level when it opens {@code threshold} connections within {@code span} (default 20 within 2 s). At
 * most one urgent report per {@code minInterval} (default 1 s) leaves the host, whichever guests
 * cross. Pure apart from the injected clock; thread-safe.
 */
public final class UrgentReportTrigger {
    private final Clock clock;
    private final int threshold;
    private final long spanMillis;
    private final long minIntervalMillis;
    private final Map<Integer, long[]> recent = new HashMap<>();
    private final Map<Integer, Integer> next = new HashMap<>();
    private long lastUrgentMillis = Long.MIN_VALUE;

    /** With the defaults: 20 connections within 2 s, at most one urgent report per second. */
    public UrgentReportTrigger(Clock clock) {
        this(clock, 20, Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    /**
     * @param threshold new connections that make a burst, at least 1
     * @param span the time within which they must fall
     * @param minInterval the least time between two urgent reports of this host
     */
    public UrgentReportTrigger(Clock clock, int threshold, Duration span, Duration minInterval) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (threshold < 1 || span.isNegative() || minInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "threshold must be >= 1 and durations >= 0, were "
                            + threshold
                            + ", "
                            + span
                            + ", "
                            + minInterval);
        }
        this.threshold = threshold;
        this.spanMillis = span.toMillis();
        this.minIntervalMillis = minInterval.toMillis();
    }

    /**
     * Records one new connection of {@code vmid} now.
     *
     * @return true when a report should be sent now
     */
    public synchronized boolean newConnection(int vmid) {
        long now = clock.millis();
        // A ring of the guest's last `threshold` connection times: the burst is there when the
        // oldest of them is within the span.
        long[] ring = recent.computeIfAbsent(vmid, v -> filled(threshold));
        int slot = next.getOrDefault(vmid, 0);
        ring[slot] = now;
        slot = (slot + 1) % threshold;
        next.put(vmid, slot);
        long oldest = ring[slot];
        if (oldest == Long.MIN_VALUE || now - oldest > spanMillis) {
            return false;
        }
        if (lastUrgentMillis != Long.MIN_VALUE && now - lastUrgentMillis < minIntervalMillis) {
            return false;
        }
        lastUrgentMillis = now;
        // The guest starts counting afresh: the next urgent report needs a new burst.
        recent.put(vmid, filled(threshold));
        next.put(vmid, 0);
        return true;
    }

    /** Forgets all bursts, at the start of a cycle whose report covers them. */
    public synchronized void cycleStarted() {
        recent.clear();
        next.clear();
    }

    private static long[] filled(int n) {
        long[] ring = new long[n];
        Arrays.fill(ring, Long.MIN_VALUE);
        return ring;
    }
}
