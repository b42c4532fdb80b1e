package dev.vpsguard.protocol;

import java.util.List;

/**
 * One thing the agent must enforce on one guest. Fields beyond id, vmid and type apply only to some
 * types, and are null otherwise.
 *
 * @param id stable id of the decision behind this action; acks refer to it
 * @param vmid the guest
 * @param type what to enforce
 * @param notice for {@link ActionType#SMTP_BLOCK}: the text after {@code 554 5.7.1 } that the
 *     guest's mail client receives
 * @param cpuLimitCores for {@link ActionType#THROTTLE_CPU}: cores
 * @param rateBytesPerSec for {@link ActionType#THROTTLE_NET}: egress limit, bytes/s
 * @param packetsPerSec for {@link ActionType#THROTTLE_NET}: egress limit, packets/s
 * @param allowedDestinations for {@link ActionType#ISOLATE}: addresses or CIDRs still reachable
 */
public record DesiredAction(
        String id,
        int vmid,
        ActionType type,
        String notice,
        Double cpuLimitCores,
        Long rateBytesPerSec,
        Long packetsPerSec,
        List<String> allowedDestinations) {}
