package dev.vpsguard.server.availability;

/** What the provider can say about one guest over an episode, from the agent's reports. */
public enum GuestCondition {
    /**
     * Running, and reachable from its host where the agent can tell: a guest whose QEMU guest agent
     * answers, or one it cannot probe (no guest agent, a container).
     */
    UP,
    /** Running, but its QEMU guest agent stopped answering the host's probes. */
    UNREACHABLE,
    /** Stopped by the customer (Proxmox's task log names the customer's user). */
    CUSTOMER_STOPPED,
    /** Stopped by the provider: an operator or vpsguard itself. */
    PROVIDER_STOPPED,
    /** The host stopped reporting: nobody can prove the guest was available. */
    HOST_SILENT,
    /** The host itself was known to be down. */
    HOST_DOWN
}
