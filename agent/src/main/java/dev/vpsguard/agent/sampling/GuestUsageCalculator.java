package dev.vpsguard.agent.sampling;

import dev.vpsguard.protocol.GuestUsage;

/**
 * Turns two readings of a guest's counters into its use over the cycle between them. Pure.
 *
 * <p>A rate needs both readings and a counter that did not go down: a counter that went down was
 * reset (the guest restarted, a NIC was re-created) and gives no rate for that cycle rather than a
 * negative one. Without a previous reading (the first cycle), or when the clock did not move
 * forward, there are no rates. Memory is a level, not a rate, and is reported every cycle.
 */
public final class GuestUsageCalculator {
    private GuestUsageCalculator() {}

    /**
     * @param previous the reading of the previous cycle, or null on the first cycle
     * @param current this cycle's reading
     */
    public static GuestUsage usage(GuestCounters previous, GuestCounters current) {
        Long memoryUsed = null;
        if (current.memoryCurrentBytes() != null && current.memoryFileBytes() != null) {
            memoryUsed = Math.max(0, current.memoryCurrentBytes() - current.memoryFileBytes());
        }
        long elapsedMicros = previous == null ? 0 : current.wallMicros() - previous.wallMicros();
        if (elapsedMicros <= 0) {
            return new GuestUsage(
                    null,
                    memoryUsed,
                    current.memoryMaxBytes(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }
        double seconds = elapsedMicros / 1_000_000.0;
        Double cpuCores = null;
        Long cpuDelta = delta(previous.cpuUsageUsec(), current.cpuUsageUsec());
        if (cpuDelta != null) {
            cpuCores = cpuDelta / (double) elapsedMicros;
        }
        return new GuestUsage(
                cpuCores,
                memoryUsed,
                current.memoryMaxBytes(),
                perSecond(previous.diskReadBytes(), current.diskReadBytes(), seconds),
                perSecond(previous.diskWriteBytes(), current.diskWriteBytes(), seconds),
                perSecond(previous.diskReadOps(), current.diskReadOps(), seconds),
                perSecond(previous.diskWriteOps(), current.diskWriteOps(), seconds),
                perSecond(previous.netTxBytes(), current.netTxBytes(), seconds),
                perSecond(previous.netRxBytes(), current.netRxBytes(), seconds),
                perSecond(previous.netTxPackets(), current.netTxPackets(), seconds),
                perSecond(previous.netRxPackets(), current.netRxPackets(), seconds));
    }

    /**
     * Change per second of a cumulative counter, or null when either reading is missing, the
     * counter went down (reset), or no time passed.
     */
    public static Double perSecond(Long previous, Long current, double seconds) {
        Long d = delta(previous, current);
        return d == null || !(seconds > 0) ? null : d / seconds;
    }

    private static Long delta(Long previous, Long current) {
        if (previous == null || current == null || current < previous) {
            return null;
        }
        return current - previous;
    }
}
