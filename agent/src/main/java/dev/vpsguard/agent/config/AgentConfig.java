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
 * @param stateDir where the agent keeps its state (the report seq, the desired state)
 * @param enforcement how the agent enforces on this host
 * @param smtp how the agent watches its guests' outbound SMTP
 */
public record AgentConfig(
        Server server,
        Duration interval,
        Path hostRoot,
        Inventory inventory,
        Spool spool,
        Metrics metrics,
        Path stateDir,
        Enforcement enforcement,
        Smtp smtp) {

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

    /** How guests are throttled and suspended. */
    public enum GuestControlMode {
        /**
         * Proxmox's CLI: {@code qm}/{@code pct set --cpulimit}, {@code suspend}, {@code resume}.
         */
        QM,
        /** cgroup v2 files directly: {@code cpu.max} and {@code cgroup.freeze}. */
        CGROUP,
        /** No CPU limits or suspensions: such actions are acked failed. */
        NONE
    }

    /**
     * @param enabled whether the agent enforces at all (default true in proxmox mode, false in
     *     static mode)
     * @param responderAddress the host's IPv4 address on the guests' bridge, where the notice
     *     responder listens and blocked SMTP is DNATed to (null: the bridge's first IPv4 address)
     * @param responderAddress6 the host's IPv6 address on that bridge, where the responder listens
     *     for blocked guests' IPv6 SMTP (null: the bridge's first global IPv6 address, if any;
     *     without one, blocked guests' IPv6 port 25 is dropped and acked degraded)
     * @param responderPort the responder's TCP port (default 2525)
     * @param markBit the one packet-mark bit the agent owns (default 0x00002000)
     * @param routeTable the id of the agent's routing table for routes back to blocked guests
     *     (default 4025)
     * @param isolationAllowed addresses or CIDRs every isolated guest may still reach
     * @param guestControl how CPU limits and suspensions are applied
     * @param setBridgeNfCall whether the agent may set {@code net.bridge.bridge-nf-call-iptables}
     *     and {@code -ip6tables} to 1 at startup (default true); without them bridged guest traffic
     *     never reaches the agent's nat rule or conntrack
     */
    public record Enforcement(
            boolean enabled,
            InetAddress responderAddress,
            InetAddress responderAddress6,
            String responderBridge,
            int responderPort,
            long markBit,
            int routeTable,
            List<String> isolationAllowed,
            GuestControlMode guestControl,
            boolean setBridgeNfCall) {
        /** Enforcement switched off (static hosts, tests of reporting alone). */
        public static final Enforcement DISABLED =
                new Enforcement(
                        false,
                        null,
                        null,
                        "vmbr0",
                        2525,
                        0x2000L,
                        4025,
                        List.of(),
                        GuestControlMode.NONE,
                        false);

        public Enforcement {
            isolationAllowed = List.copyOf(isolationAllowed);
        }
    }

    /**
     * Passive observation of guests' outbound TCP port 25 through {@code conntrack -E}.
     *
     * @param enabled whether the agent runs {@code conntrack -E} (default: on in proxmox mode, or
     *     when {@code replay} is set)
     * @param preAlertConnections new connections by one guest within {@code preAlertWindow} that
     *     make the agent report at once instead of at the end of the interval
     * @param preAlertWindow the span those connections are counted over
     * @param answerDeadline how long a connection attempt may wait for the answer to its SYN before
     *     it counts as unanswered
     * @param replay a recorded capture to play instead of watching the kernel (demos and tests
     *     only); null in production
     */
    public record Smtp(
            boolean enabled,
            int preAlertConnections,
            Duration preAlertWindow,
            Duration answerDeadline,
            Replay replay) {
        /** Observation switched off. */
        public static final Smtp DISABLED =
                new Smtp(false, 20, Duration.ofSeconds(2), Duration.ofSeconds(5), null);
    }

    /**
     * Replayed SMTP traffic ({@code smtp.replay}): the agent plays a recorded {@code conntrack -E}
     * capture instead of running conntrack. Only with a static inventory and enforcement off.
     *
     * @param file {@code builtin:demo} (the capture shipped in the agent's jar) or an absolute path
     * @param loop whether to play the capture again after its end (default true)
     * @param gap the pause between the end of one pass and the start of the next (default 60 s)
     * @param speed how many times faster than recorded (default 1)
     */
    public record Replay(String file, boolean loop, Duration gap, int speed) {}
}
