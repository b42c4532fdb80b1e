package dev.vpsguard.agent.smtp;

import java.util.List;

/**
 * One entry of the host's neighbour table ({@code ip -j neigh show}).
 *
 * @param address the neighbour's IPv4 or IPv6 address, as printed
 * @param device the host interface it was seen on, e.g. {@code vmbr0}
 * @param lladdr its MAC address, lower case (null when unresolved)
 * @param states the NUD states, e.g. {@code REACHABLE}, {@code STALE}, {@code FAILED}
 */
public record NeighbourEntry(String address, String device, String lladdr, List<String> states) {
    public NeighbourEntry {
        states = List.copyOf(states);
    }

    /** Whether the entry maps the address to a MAC the kernel has seen (not FAILED/INCOMPLETE). */
    public boolean resolved() {
        return lladdr != null && !states.contains("FAILED") && !states.contains("INCOMPLETE");
    }
}
