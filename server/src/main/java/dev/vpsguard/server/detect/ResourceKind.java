package dev.vpsguard.server.detect;

/** The resource quotas of {@link ResourceAbuseDetector}. */
public enum ResourceKind {
    /** CPU, as a share of the guest's allocated vCPUs (1.0 = all busy), on a contended host. */
    CPU(false, true),
    /** Disk read + write, bytes per second. */
    DISK_BYTES(false, false),
    /** Disk read + write operations per second. */
    DISK_IOPS(false, false),
    /** Outbound network, bytes per second. */
    EGRESS(true, true),
    /** Outbound packets per second. */
    PACKETS(true, true),
    /**
     * Port scans and intrusion attempts (R6), found per window by {@link FlowScanDetector}: the
     * figure is the window's fan-out. Nothing to throttle: warn, isolate, then stop the guest.
     */
    SCAN(true, false);

    private final boolean network;
    private final boolean throttleable;

    ResourceKind(boolean network, boolean throttleable) {
        this.network = network;
        this.throttleable = throttleable;
    }

    /**
     * True when the agent can throttle this resource (a CPU limit, an egress byte or packet rate).
     * The protocol has no disk IO limit, so disk abuse goes from the warning to suspension.
     */
    public boolean throttleable() {
        return throttleable;
    }

    /** True for network abuse, whose last step is isolation rather than suspension (R6). */
    public boolean network() {
        return network;
    }
}
