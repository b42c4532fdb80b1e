package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
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
 * @param blockedPorts for {@link ActionType#TRAFFIC_FILTER}: ports dropped in each direction
 * @param udpLimit for {@link ActionType#TRAFFIC_FILTER}: the guest's outgoing UDP packet rate
 * @param icmpLimit for {@link ActionType#TRAFFIC_FILTER}: the guest's outgoing ICMP packet rate
 */
public record DesiredAction(
        String id,
        @JsonProperty(required = true) int vmid,
        ActionType type,
        String notice,
        Double cpuLimitCores,
        Long rateBytesPerSec,
        Long packetsPerSec,
        List<String> allowedDestinations,
        PortFilter blockedPorts,
        PacketLimit udpLimit,
        PacketLimit icmpLimit) {
    public DesiredAction {
        Check.requiredText(id, 128, "id");
        Check.vmid(vmid, "vmid");
        Check.required(type, "type");
        Check.text(notice, 512, "notice");
        Check.between(cpuLimitCores, 0.01, 4096, "cpuLimitCores");
        Check.atLeast(rateBytesPerSec, 1, "rateBytesPerSec");
        Check.atLeast(packetsPerSec, 1, "packetsPerSec");
        allowedDestinations = Check.optionalList(allowedDestinations, 256, "allowedDestinations");
        Check.eachString(allowedDestinations, "allowedDestinations", Check::ipOrCidr);
    }

    /** An action without the traffic-filter fields (every type but {@code traffic_filter}). */
    public DesiredAction(
            String id,
            int vmid,
            ActionType type,
            String notice,
            Double cpuLimitCores,
            Long rateBytesPerSec,
            Long packetsPerSec,
            List<String> allowedDestinations) {
        this(
                id,
                vmid,
                type,
                notice,
                cpuLimitCores,
                rateBytesPerSec,
                packetsPerSec,
                allowedDestinations,
                null,
                null,
                null);
    }

    /** A {@link ActionType#TRAFFIC_FILTER} action; any of the three parts may be null. */
    public static DesiredAction trafficFilter(
            String id, int vmid, PortFilter blockedPorts, PacketLimit udp, PacketLimit icmp) {
        return new DesiredAction(
                id,
                vmid,
                ActionType.TRAFFIC_FILTER,
                null,
                null,
                null,
                null,
                null,
                blockedPorts,
                udp,
                icmp);
    }
}
