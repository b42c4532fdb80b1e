package dev.vpsguard.agent.smtp;

import java.net.InetAddress;

/** Tells which guest a flow belongs to, from the flow's source address. */
@FunctionalInterface
public interface SourceAttribution {
    /** The value of {@link #vmidOf} for an address that belongs to no known guest. */
    int UNATTRIBUTED = -1;

    /** The vmid of the guest that owns {@code source}, or {@link #UNATTRIBUTED}. */
    int vmidOf(InetAddress source);
}
