package dev.vpsguard.server.availability;

/** What the provider can say about one guest over an episode, from the agent's reports. */
public enum GuestCondition {
    /** Running and reachable from its host. */
    UP,
    /** Stopped by the customer (Proxmox's task log names the customer's user). */
    CUSTOMER_STOPPED,
    /** Stopped by the provider: an operator or vpsguard itself. */
    PROVIDER_STOPPED,
    /** The host stopped reporting: nobody can prove the guest was available. */
    HOST_SILENT,
    /** The host itself was known to be down. */
    HOST_DOWN
}
