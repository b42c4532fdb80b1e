package dev.vpsguard.server.detect;

/** The resource quotas of {@link ResourceAbuseDetector}. */
public enum ResourceKind {
    /** CPU, as a share of the guest's allocated vCPUs (1.0 = all busy), on a contended host. */
    CPU(false),
    /** Disk read + write, bytes per second. */
    DISK_BYTES(false),
    /** Disk read + write operations per second. */
    DISK_IOPS(false),
    /** Outbound network, bytes per second. */
    EGRESS(true),
    /** Outbound packets per second. */
    PACKETS(true);

    private final boolean network;

    ResourceKind(boolean network) {
        this.network = network;
    }

    /** True for network abuse, whose last step is isolation rather than suspension (R6). */
    public boolean network() {
        return network;
    }
}
