package dev.vpsguard.agent.smtp;

import dev.vpsguard.protocol.FlowWindow;
import dev.vpsguard.protocol.SmtpWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The SMTP windows closed at one instant: one per guest that had any port-25 activity in it or in
 * the last 10 minutes, and one for flows from addresses that belong to no known guest (the host
 * itself, or an unknown address).
 *
 * @param byGuest windows by vmid, only for guests with activity (in the window, or destinations in
 *     the last 10 minutes)
 * @param unattributed the window of unattributed flows (all zero when there were none)
 * @param flows each guest's new outbound flows of every protocol, by vmid; empty when flows are
 *     null when flows are not counted (the conntrack-event route used for replays)
 */
public record SmtpWindows(
        Map<Integer, SmtpWindow> byGuest, SmtpWindow unattributed, Map<Integer, FlowWindow> flows) {
    public SmtpWindows {
        byGuest = Map.copyOf(byGuest);
        flows = flows == null ? null : Map.copyOf(flows);
    }

    /** Windows without flow counts. */
    public SmtpWindows(Map<Integer, SmtpWindow> byGuest, SmtpWindow unattributed) {
        this(byGuest, unattributed, null);
    }

    /**
     * The flows of {@code vmid}: its window, all zero when it opened none, or null when flows are
     * not counted at all.
     */
    public FlowWindow flowsOf(int vmid) {
        if (flows == null) {
            return null;
        }
        FlowWindow w = flows.get(vmid);
        return w != null
                ? w
                : new FlowWindow(
                        unattributed.start(), unattributed.end(), 0, 0, 0, 0, 0, 0, List.of());
    }

    /** The window of {@code vmid}, all counts zero if the guest had no port-25 activity. */
    public SmtpWindow forGuest(int vmid) {
        SmtpWindow window = byGuest.get(vmid);
        return window != null
                ? window
                : empty(unattributed.start(), unattributed.end(), unattributed);
    }

    private static SmtpWindow empty(Instant start, Instant end, SmtpWindow like) {
        return new SmtpWindow(start, end, 0, 0, 0, 0, 0, 0, like.bytesSent() == null ? null : 0L);
    }
}
