package dev.vpsguard.agent.smtp;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.protocol.GuestNic;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which guest owns a source address. Three sources, refreshed every cycle:
 *
 * <ol>
 *   <li>the addresses the inventory declares for each guest NIC;
 *   <li>addresses learned from the host's neighbour table: an entry whose MAC is a guest NIC's MAC,
 *       seen on that NIC's bridge, belongs to that guest. On a bridged host this only lists guests
 *       that talked to the host itself;
 *   <li>addresses learned at the guest's own bridge port ({@link PortSource}, from the agent's
 *       {@code bridge vpsguard_watch} set): the source of an SMTP SYN that entered through {@code
 *       tap<vmid>i<n>}, {@code veth<vmid>i<n>} or, behind Proxmox's firewall bridge, {@code
 *       fwpr<vmid>p<n>}, belongs to that guest whatever its configuration says.
 * </ol>
 *
 * A learned address wins over a declared one (the guest really uses it now, whatever its config
 * says), and the most recently learned owner wins over an older one. A learned address not seen
 * again for {@code learnedTtl} is forgotten, as is one whose guest left the inventory. Lookups are
 * lock-free reads of an immutable snapshot; {@link #refresh} is meant for one thread.
 */
public final class GuestAddressBook implements SourceAttribution {
    private final Duration learnedTtl;
    private final Map<InetAddress, Learned> learned = new HashMap<>();
    private volatile Map<InetAddress, Integer> owners = Map.of();

    /**
     * @param learnedTtl how long a learned address outlives its last sighting
     */
    public GuestAddressBook(Duration learnedTtl) {
        this.learnedTtl = Objects.requireNonNull(learnedTtl, "learnedTtl");
    }

    @Override
    public int vmidOf(InetAddress source) {
        return owners.getOrDefault(source, UNATTRIBUTED);
    }

    /**
     * Rebuilds the book from the inventory and the neighbour table read at {@code now}. Addresses
     * that are not IP literals are skipped.
     */
    public void refresh(List<Guest> guests, List<NeighbourEntry> neighbours, Instant now) {
        refresh(guests, neighbours, List.of(), now);
    }

    /**
     * Rebuilds the book from the inventory, the neighbour table and the addresses seen at guest
     * bridge ports, all read at {@code now}. Port sightings are applied last, so they win over a
     * neighbour entry for the same address.
     */
    public synchronized void refresh(
            List<Guest> guests,
            List<NeighbourEntry> neighbours,
            List<PortSource> portSources,
            Instant now) {
        Map<String, Integer> byMacAndBridge = new HashMap<>();
        Map<String, Integer> byPort = new HashMap<>();
        Map<InetAddress, Integer> next = new HashMap<>();
        Set<Integer> present = new HashSet<>();
        for (Guest guest : guests) {
            present.add(guest.vmid());
            for (GuestNic nic : guest.nics()) {
                if (nic.mac() != null) {
                    byMacAndBridge.put(key(nic.mac(), nic.bridge()), guest.vmid());
                }
                byPort.put(nic.iface(), guest.vmid());
                String n = nic.id().substring("net".length());
                byPort.put("fwpr" + guest.vmid() + "p" + n, guest.vmid());
                for (String ip : nic.ips() == null ? List.<String>of() : nic.ips()) {
                    InetAddress address = address(ip);
                    if (address != null) {
                        next.put(address, guest.vmid());
                    }
                }
            }
        }
        for (NeighbourEntry entry : neighbours) {
            if (!entry.resolved()) {
                continue;
            }
            Integer vmid = byMacAndBridge.get(key(entry.lladdr(), entry.device()));
            if (vmid == null) {
                vmid = byMacAndBridge.get(key(entry.lladdr(), null));
            }
            InetAddress address = address(entry.address());
            if (vmid != null && address != null) {
                learned.put(address, new Learned(vmid, now));
            }
        }
        for (PortSource sighting : portSources) {
            Integer vmid = byPort.get(sighting.port());
            InetAddress address = address(sighting.address());
            if (vmid != null && address != null) {
                learned.put(address, new Learned(vmid, now));
            }
        }
        Instant horizon = now.minus(learnedTtl);
        learned.values().removeIf(l -> l.seen.isBefore(horizon) || !present.contains(l.vmid));
        learned.forEach((address, l) -> next.put(address, l.vmid));
        owners = Map.copyOf(next);
    }

    /** The number of addresses the book attributes now. */
    public int size() {
        return owners.size();
    }

    /** A NIC without a known bridge matches its MAC on any device. */
    private static String key(String mac, String bridge) {
        return mac.toLowerCase(Locale.ROOT) + "@" + (bridge == null ? "" : bridge);
    }

    private static InetAddress address(String text) {
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        try {
            return AddressLiteral.parse(slash >= 0 ? text.substring(0, slash) : text);
        } catch (ConntrackParseException e) {
            return null;
        }
    }

    private record Learned(int vmid, Instant seen) {}
}
