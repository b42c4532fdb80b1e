package dev.vpsguard.server.decision.resource;

import dev.vpsguard.server.detect.ResourceGuestState;
import dev.vpsguard.server.detect.ResourceKind;
import dev.vpsguard.server.ladder.ResourceLadderState;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the server holds in memory about one guest's resource use between reports: the resource
 * detector's state, and the guest's resource ladders with the version they were read or written at.
 * Guarded by its own monitor.
 */
final class ResourceMemory {
    final String guestId;

    /** The resource detector's state, restored from its row ({@link ResourceLadders}). */
    final ResourceGuestState detector;

    /** The detector state as last persisted (or read); null when it has no row. */
    ResourceGuestState.Snapshot detectorWritten;

    /** One ladder per quota, every quota present. */
    Map<ResourceKind, ResourceLadderState> ladders;

    /** The persisted version {@link #ladders} matches; 0 when no row exists yet. */
    long version;

    /** Each ladder's {@code lastFindingAt} as last written, to bound how often it is written. */
    final Map<ResourceKind, Instant> writtenFindingAt = new EnumMap<>(ResourceKind.class);

    ResourceMemory(
            String guestId,
            Map<ResourceKind, ResourceLadderState> ladders,
            long version,
            ResourceGuestState.Snapshot detector) {
        this.guestId = guestId;
        this.detector =
                detector == null ? new ResourceGuestState() : ResourceGuestState.restore(detector);
        this.detectorWritten = detector;
        this.ladders = ladders;
        this.version = version;
        ladders.forEach(
                (k, s) -> {
                    if (s.lastFindingAt() != null) {
                        writtenFindingAt.put(k, s.lastFindingAt());
                    }
                });
    }
}
