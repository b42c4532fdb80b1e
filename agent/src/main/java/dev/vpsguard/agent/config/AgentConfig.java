package dev.vpsguard.agent.config;

import dev.vpsguard.agent.inventory.Guest;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The agent's validated configuration, with defaults applied. Built by {@link AgentConfigLoader}.
 *
 * @param server where and how to report
 * @param interval time between two reports (1 to 300 s)
 * @param hostRoot the root under which host paths ({@code /proc}, {@code /sys}, {@code /etc/pve},
 *     {@code /run}) are read; {@code /} in production, a fixture tree in tests
 * @param inventory where the guest list comes from
 * @param spool the on-disk spool for reports the server has not taken yet
 * @param metrics the local HTTP endpoint for {@code /metrics} and {@code /healthz}
 * @param stateDir where the agent keeps its state (the report seq)
 */
public record AgentConfig(
        Server server,
        Duration interval,
        Path hostRoot,
        Inventory inventory,
        Spool spool,
        Metrics metrics,
        Path stateDir) {

    /**
     * @param url the server's base URL, http or https, without a trailing slash
     * @param credentialFile JSON {hostId, credential} written by {@code vpsguard-agent enroll}
     * @param caFile PEM certificates trusted for https instead of the JDK trust store (nullable)
     * @param connectTimeout TCP (and TLS) connect timeout
     * @param readTimeout longest silence while waiting for the server's answer
     */
    public record Server(
            URI url,
            Path credentialFile,
            Path caFile,
            Duration connectTimeout,
            Duration readTimeout) {}

    /** Where the guest list comes from. */
    public enum InventoryMode {
        /** Proxmox VE's config tree under {@code hostRoot}. */
        PROXMOX,
        /** The fixed list in {@link Inventory#guests()}. */
        STATIC
    }

    /**
     * @param mode proxmox or static
     * @param guests the static guest list, sorted by vmid; empty in proxmox mode
     */
    public record Inventory(InventoryMode mode, List<Guest> guests) {
        public Inventory {
            guests = List.copyOf(guests);
        }
    }

    /**
     * @param dir one gzip file per pending report, named by its zero-padded seq
     * @param maxBytes the most the pending reports may take on disk, bytes; the oldest are dropped
     *     (and counted) beyond it
     * @param maxRejected how many reports the server refused are kept in {@code dir/rejected} for
     *     inspection
     */
    public record Spool(Path dir, long maxBytes, int maxRejected) {}

    /**
     * @param bind the address the local endpoint listens on
     * @param port its TCP port
     */
    public record Metrics(InetAddress bind, int port) {}
}
