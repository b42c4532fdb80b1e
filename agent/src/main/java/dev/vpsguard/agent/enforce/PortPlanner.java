package dev.vpsguard.agent.enforce;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.protocol.ActionType;
import dev.vpsguard.protocol.DesiredAction;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.GuestNic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Maps a desired state onto the host's bridge ports. Pure: the inventory and what is known about
 * the notice path are inputs. Actions that do not touch the network (CPU throttle, suspend) are
 * ignored here.
 */
public final class PortPlanner {
    /** Interface names the kernel accepts (IFNAMSIZ 16 incl. NUL), and safe inside nft quotes. */
    private static final Pattern IFACE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    /** Upper bound of a rate nft accepts and that makes sense on one port: 100 Gbit/s in bytes. */
    static final long MAX_RATE = 12_500_000_000L;

    private PortPlanner() {}

    /**
     * Plans the ports.
     *
     * @param noticeUnavailable vmid → why the notice path cannot reach that guest (e.g. the route
     *     back failed); such guests get the drop fallback
     */
    public static PortPlan plan(
            DesiredState state,
            List<Guest> guests,
            EnforcementConfig config,
            Map<Integer, String> noticeUnavailable) {
        Map<Integer, Guest> byVmid = new HashMap<>();
        guests.forEach(g -> byVmid.put(g.vmid(), g));
        SortedSet<String> notice = new TreeSet<>();
        SortedSet<String> drop = new TreeSet<>();
        SortedMap<String, PortPlan.NetLimit> throttles = new TreeMap<>();
        SortedMap<String, SortedSet<Cidr>> isolated = new TreeMap<>();
        SortedMap<Integer, GuestFilter> filters = new TreeMap<>();
        Map<String, String> degraded = new HashMap<>();
        Map<String, String> failed = new HashMap<>();
        for (DesiredAction action : state.actions()) {
            if (!touchesNetwork(action.type())) {
                continue;
            }
            Guest guest = byVmid.get(action.vmid());
            if (guest == null) {
                failed.put(action.id(), "guest " + action.vmid() + " is not on this host");
                continue;
            }
            List<String> ports = new ArrayList<>();
            List<String> badNames = new ArrayList<>();
            for (GuestNic nic : guest.nics()) {
                if (nic.iface() != null && IFACE.matcher(nic.iface()).matches()) {
                    ports.add(nic.iface());
                } else {
                    badNames.add(String.valueOf(nic.iface()));
                }
            }
            if (ports.isEmpty()) {
                failed.put(
                        action.id(),
                        "guest " + action.vmid() + " has no usable network interface" + badNames);
                continue;
            }
            List<String> notes = new ArrayList<>();
            if (!badNames.isEmpty()) {
                notes.add("skipped interfaces with invalid names " + badNames);
            }
            switch (action.type()) {
                case SMTP_BLOCK -> {
                    String why = noticeUnavailable.get(action.vmid());
                    if (!config.noticeAvailable()) {
                        why = "notice responder unavailable";
                    }
                    if (why != null) {
                        drop.addAll(ports);
                        notes.add(why + "; port 25 dropped instead of answered with 554");
                    } else {
                        notice.addAll(ports);
                        if (config.responderV6() == null && hasV6(guest)) {
                            notes.add("no IPv6 responder; IPv6 port 25 dropped");
                        }
                    }
                }
                case THROTTLE_NET -> {
                    String problem = checkLimit(action);
                    if (problem != null) {
                        failed.put(action.id(), problem);
                        continue;
                    }
                    PortPlan.NetLimit limit =
                            new PortPlan.NetLimit(action.rateBytesPerSec(), action.packetsPerSec());
                    ports.forEach(p -> throttles.merge(p, limit, PortPlan.NetLimit::tighten));
                }
                case ISOLATE -> {
                    SortedSet<Cidr> allowed = new TreeSet<>();
                    List<String> bad = new ArrayList<>();
                    List<String> given =
                            action.allowedDestinations() == null
                                    ? List.of()
                                    : action.allowedDestinations();
                    for (String dest : given) {
                        try {
                            allowed.add(Cidr.parse(dest));
                        } catch (IllegalArgumentException e) {
                            bad.add(String.valueOf(dest));
                        }
                    }
                    if (!bad.isEmpty()) {
                        notes.add("ignored invalid allowed destinations " + bad);
                    }
                    for (String p : ports) {
                        isolated.computeIfAbsent(p, k -> new TreeSet<>()).addAll(allowed);
                    }
                }
                case TRAFFIC_FILTER -> {
                    GuestFilter filter = GuestFilter.of(action, ports);
                    if (filter == null) {
                        failed.put(
                                action.id(),
                                "traffic_filter needs blockedPorts, udpLimit or icmpLimit");
                        continue;
                    }
                    filters.merge(action.vmid(), filter, GuestFilter::merge);
                }
                default -> throw new IllegalStateException("unreachable: " + action.type());
            }
            if (!notes.isEmpty()) {
                degraded.put(action.id(), String.join("; ", notes));
            }
        }
        return new PortPlan(notice, drop, throttles, isolated, filters, degraded, failed);
    }

    /** Whether the action is enforced in the agent's nftables tables. */
    public static boolean touchesNetwork(ActionType type) {
        return type == ActionType.SMTP_BLOCK
                || type == ActionType.THROTTLE_NET
                || type == ActionType.ISOLATE
                || type == ActionType.TRAFFIC_FILTER;
    }

    private static String checkLimit(DesiredAction action) {
        Long bytes = action.rateBytesPerSec();
        Long packets = action.packetsPerSec();
        if (bytes == null && packets == null) {
            return "throttle_net needs rateBytesPerSec or packetsPerSec";
        }
        if (bytes != null && (bytes < 1 || bytes > MAX_RATE)) {
            return "rateBytesPerSec must be 1.." + MAX_RATE + ", was " + bytes;
        }
        if (packets != null && (packets < 1 || packets > MAX_RATE)) {
            return "packetsPerSec must be 1.." + MAX_RATE + ", was " + packets;
        }
        return null;
    }

    private static boolean hasV6(Guest guest) {
        return guest.nics().stream()
                .anyMatch(
                        n -> n.ips() != null && n.ips().stream().anyMatch(ip -> ip.contains(":")));
    }
}
