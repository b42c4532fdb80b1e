package dev.vpsguard.server.availability;

/** Why a guest was unavailable; each contract's policy says which causes count against it. */
public enum OutageCause {
    CUSTOMER_STOP,
    PROVIDER_STOP,
    HOST_SILENT,
    HOST_DOWN,
    /** Running but not answering the host's probe (docs/decisions.md). */
    UNREACHABLE,
    /** Downtime inside a declared maintenance window (a customer stop stays a customer stop). */
    MAINTENANCE;

    static OutageCause of(GuestCondition condition) {
        return switch (condition) {
            case CUSTOMER_STOPPED -> CUSTOMER_STOP;
            case PROVIDER_STOPPED -> PROVIDER_STOP;
            case HOST_SILENT -> HOST_SILENT;
            case HOST_DOWN -> HOST_DOWN;
            case UNREACHABLE -> UNREACHABLE;
            case UP -> throw new IllegalArgumentException("an UP episode is no outage");
        };
    }
}
