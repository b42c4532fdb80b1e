package dev.vpsguard.server.console.page;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * One host on the fleet page.
 *
 * @param state ok, stale (last report older than {@code vpsguard.console.stale-after}), silent (the
 *     server's silence watcher flagged it) or never (no report yet)
 * @param ageSeconds seconds since the last report, null without one
 * @param activeBlocks active SMTP blocks of its guests
 * @param pendingRequests unblock requests of its guests awaiting a decision
 */
public record FleetRow(
        String id,
        String name,
        String state,
        @Nullable Instant lastReportAt,
        @Nullable Long ageSeconds,
        int guestsRunning,
        int guestsTotal,
        int activeBlocks,
        int pendingRequests) {
    public boolean attention() {
        return !state.equals(FleetService.OK);
    }
}
