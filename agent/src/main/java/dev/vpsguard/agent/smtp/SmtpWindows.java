package dev.vpsguard.agent.smtp;

import dev.vpsguard.protocol.SmtpWindow;
import java.time.Instant;
import java.util.Map;

/**
 * The SMTP windows closed at one instant: one per guest that had any port-25 activity in it or in
 * the last 10 minutes, and one for flows from addresses that belong to no known guest (the host
 * itself, or an unknown address).
 *
 * @param byGuest windows by vmid, only for guests with activity (in the window, or destinations in
 *     the last 10 minutes)
 * @param unattributed the window of unattributed flows (all zero when there were none)
 */
public record SmtpWindows(Map<Integer, SmtpWindow> byGuest, SmtpWindow unattributed) {
    public SmtpWindows {
        byGuest = Map.copyOf(byGuest);
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
