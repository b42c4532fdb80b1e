package dev.vpsguard.agent.enforce;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the agent's nftables tables must do, per bridge port (host-side interface name), computed
 * from a desired state by {@link PortPlanner}. All collections are sorted, so rendering is
 * deterministic.
 *
 * @param smtpNotice ports whose port-25 traffic is redirected to the notice responder
 * @param smtpDrop ports whose port-25 traffic is dropped (the fallback when no notice path)
 * @param throttles per-port egress limits
 * @param isolated per-port destinations still allowed on top of the config-wide list
 * @param filters vmid → the guest's port filters and UDP/ICMP limits, one chain each
 * @param degraded action id → what fallback was used
 * @param failed action id → why nothing could be applied
 */
public record PortPlan(
        SortedSet<String> smtpNotice,
        SortedSet<String> smtpDrop,
        SortedMap<String, NetLimit> throttles,
        SortedMap<String, SortedSet<Cidr>> isolated,
        SortedMap<Integer, GuestFilter> filters,
        Map<String, String> degraded,
        Map<String, String> failed) {

    public PortPlan {
        smtpNotice = Collections.unmodifiableSortedSet(new TreeSet<>(smtpNotice));
        smtpDrop = Collections.unmodifiableSortedSet(new TreeSet<>(smtpDrop));
        throttles = Collections.unmodifiableSortedMap(new TreeMap<>(throttles));
        TreeMap<String, SortedSet<Cidr>> iso = new TreeMap<>();
        isolated.forEach((k, v) -> iso.put(k, Collections.unmodifiableSortedSet(new TreeSet<>(v))));
        isolated = Collections.unmodifiableSortedMap(iso);
        filters = Collections.unmodifiableSortedMap(new TreeMap<>(filters));
        degraded = Map.copyOf(degraded);
        failed = Map.copyOf(failed);
    }

    /**
     * An egress limit on one port; either may be null (no limit of that kind).
     *
     * @param bytesPerSec bytes per second the guest may send
     * @param packetsPerSec packets per second the guest may send
     */
    public record NetLimit(Long bytesPerSec, Long packetsPerSec) {
        /** The stricter of two limits, field by field. */
        NetLimit tighten(NetLimit other) {
            return new NetLimit(
                    min(bytesPerSec, other.bytesPerSec), min(packetsPerSec, other.packetsPerSec));
        }

        private static Long min(Long a, Long b) {
            if (a == null) {
                return b;
            }
            return b == null ? a : Long.valueOf(Math.min(a, b));
        }
    }
}
