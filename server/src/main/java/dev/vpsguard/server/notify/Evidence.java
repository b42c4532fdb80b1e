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

    /** Observed value of a resource rule (CPU in percent of one core, IO in bytes/s, ...). */
    public static final String OBSERVED = "observed";

    /** The limit the observed value crossed, in the same unit. */
    public static final String LIMIT = "limit";

    private Evidence() {}
}
