package dev.vpsguard.server.notify;

/**
 * Well-known keys of {@link Notification#evidence()}. Detectors may add others; templates show the
 * known ones by name and webhooks carry all of them.
 */
public final class Evidence {
    /** New port-25 connections per minute over the window. */
    public static final String CONNECTIONS_PER_MINUTE = "connectionsPerMinute";

    /** Distinct destination IP addresses over the window. */
    public static final String DISTINCT_DESTINATIONS = "distinctDestinations";

    /** Share of connections that failed (no reply or reset), from 0 to 1. */
    public static final String FAILURE_RATIO = "failureRatio";

    /** Length of the observation window, in seconds. */
    public static final String WINDOW_SECONDS = "windowSeconds";

    /**
     * Observed value of a resource rule, in the unit of its quota: CPU in percent of the guest's
     * vCPUs, disk in MiB/s or operations/s, egress in Mbit/s, packets per second.
     */
    public static final String OBSERVED = "observed";

    /** The limit the observed value crossed, in the same unit. */
    public static final String LIMIT = "limit";

    /** The host's CPU use (0–100) when a resource finding was raised: its contention (R1). */
    public static final String HOST_CPU_PERCENT = "hostCpuPercent";

    /** For a throttle: the limit it enforces, in the unit of {@link #OBSERVED}. */
    public static final String CAP = "cap";

    /** For a throttle: how long the guest must stay under the quota before it lifts, seconds. */
    public static final String LIFT_AFTER_SECONDS = "liftAfterSeconds";

    /** Port-25 connections over the last 10 minutes (spam findings). */
    public static final String NEW_CONNECTIONS_10_MIN = "newConnections10Min";

    /** Distinct destination networks (/24, /48) over the last 10 minutes (spam findings). */
    public static final String DISTINCT_PREFIXES = "distinctPrefixes";

    /** The guest's usual connections per minute; absent while it has too little history. */
    public static final String BASELINE_PER_MINUTE = "baselinePerMinute";

    /** 1, or the declared-sender multiplier the thresholds were raised by. */
    public static final String THRESHOLD_MULTIPLIER = "thresholdMultiplier";

    /** How many reported windows in a row were over a limit. */
    public static final String CONSECUTIVE_WINDOWS = "consecutiveWindows";

    /** The strongest rule's observed value over its limit (above 1). */
    public static final String SCORE = "score";

    private Evidence() {}
}
