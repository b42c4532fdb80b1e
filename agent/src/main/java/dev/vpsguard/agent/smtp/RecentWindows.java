package dev.vpsguard.agent.smtp;

import dev.vpsguard.protocol.FlowWindow;
import dev.vpsguard.protocol.RecentDistinct;
import dev.vpsguard.protocol.SmtpWindow;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Closes per-guest window counts into {@link SmtpWindows}, adding each guest's distinct
 * destinations over the last 10 minutes ({@link RecentDistinct}): a guest with port-25 activity in
 * those 10 minutes gets a window even when this one was quiet. Shared by the conntrack-event and
 * the kernel-counter routes, so both report the same way. Not thread-safe: its caller locks.
 */
final class RecentWindows {
    private final int distinctCap;
    private final Map<Integer, RecentDestinations> recent = new HashMap<>();

    /** The start of the first window: the union of a guest's destinations covers no earlier. */
    private Instant observedSince;

    RecentWindows(int distinctCap, Instant observedSince) {
        this.distinctCap = distinctCap;
        this.observedSince = observedSince;
    }

    /** Moves the start of observation earlier (counts kept by the kernel across a restart). */
    void observedSince(Instant since) {
        if (since.isBefore(observedSince)) {
            observedSince = since;
        }
    }

    /**
     * @param window this window's counts by vmid, {@link SourceAttribution#UNATTRIBUTED} included
     */
    SmtpWindows close(
            Map<Integer, WindowCounts> window,
            Instant windowStart,
            Instant end,
            boolean accounting) {
        return close(window, null, windowStart, end, accounting);
    }

    /**
     * @param flows this window's flow counts by vmid; null from the conntrack-event route
     */
    SmtpWindows close(
            Map<Integer, WindowCounts> window,
            Map<Integer, FlowWindow> flows,
            Instant windowStart,
            Instant end,
            boolean accounting) {
        long endMs = end.toEpochMilli();
        for (Map.Entry<Integer, WindowCounts> entry : window.entrySet()) {
            if (entry.getKey() != SourceAttribution.UNATTRIBUTED) {
                entry.getValue()
                        .addTo(
                                recent.computeIfAbsent(
                                        entry.getKey(), v -> new RecentDestinations(distinctCap)),
                                endMs);
            }
        }
        Instant spanStart = end.minus(RecentDestinations.SPAN);
        Instant since = spanStart.isAfter(observedSince) ? spanStart : observedSince;
        Map<Integer, SmtpWindow> byGuest = new HashMap<>();
        SmtpWindow unattributed = null;
        for (Map.Entry<Integer, WindowCounts> entry : window.entrySet()) {
            SmtpWindow closed = entry.getValue().toWindow(windowStart, end, accounting);
            if (entry.getKey() == SourceAttribution.UNATTRIBUTED) {
                unattributed = closed;
            } else if (!entry.getValue().isEmpty()) {
                byGuest.put(entry.getKey(), closed);
            }
        }
        if (unattributed == null) {
            unattributed = new WindowCounts(1).toWindow(windowStart, end, accounting);
        }
        var it = recent.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, RecentDestinations> e = it.next();
            // Whole windows: the one that ended after the span's start counts in full.
            e.getValue().expire(spanStart.toEpochMilli());
            if (e.getValue().isEmpty()) {
                it.remove();
                continue;
            }
            SmtpWindow w = byGuest.get(e.getKey());
            if (w == null) {
                w = new WindowCounts(1).toWindow(windowStart, end, accounting);
            }
            byGuest.put(e.getKey(), w.withRecent(e.getValue().counts(since)));
        }
        byGuest.replaceAll(
                (vmid, w) ->
                        w.recent() != null ? w : w.withRecent(new RecentDistinct(since, 0, 0)));
        return new SmtpWindows(byGuest, unattributed, flows);
    }
}
