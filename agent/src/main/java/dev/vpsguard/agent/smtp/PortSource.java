package dev.vpsguard.agent.smtp;

import java.util.Objects;

/**
 * A source address seen in an SMTP SYN entering the bridge through a host port.
 *
 * @param port the host interface, e.g. {@code tap101i0}
 * @param address the packet's source address, as printed by nft
 */
public record PortSource(String port, String address) {
    public PortSource {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(address, "address");
    }
}
