package dev.vpsguard.agent.smtp;

import dev.vpsguard.protocol.SmtpWindow;
import java.util.Map;
import java.util.Objects;

/**
 * The windows {@link SmtpWindowAggregator#closeWindow} closes: one per guest that had port-25
 * activity, and one for sources no guest owns (maps to {@code Report.unattributedSmtp}).
 *
 * @param byVmid windows keyed by Proxmox vmid; guests with no activity are absent
 * @param unattributed counts for source addresses the attribution function did not map (never null;
 *     all zeros when there were none)
 */
public record SmtpWindows(Map<Integer, SmtpWindow> byVmid, SmtpWindow unattributed) {
    public SmtpWindows {
        byVmid = Map.copyOf(Objects.requireNonNull(byVmid, "byVmid"));
        Objects.requireNonNull(unattributed, "unattributed");
    }
}
