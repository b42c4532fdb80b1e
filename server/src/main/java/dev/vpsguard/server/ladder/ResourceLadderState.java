package dev.vpsguard.server.ladder;

import dev.vpsguard.server.detect.ResourceKind;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One guest's resource ladder for one {@link ResourceKind}. Immutable.
 *
 * @param guest the guest's key
 * @param kind the quota this ladder is about
 * @param level the last step reached (null before any)
 * @param lastStepAt when that step was reached, approved or refused
 * @param lastFindingAt when the guest was last seen over the quota in this episode (a finding, or
 *     an {@link ResourceEvent.Over} sample after one); null when no episode is open
 * @param pending a step waiting for approval (null if none)
 * @param pendingSince when it started waiting
 * @param enforced steps in force on the host (THROTTLE, ISOLATE, SUSPEND)
 * @param lastEventAt the time of the last event applied
 */
public record ResourceLadderState(
        String guest,
        ResourceKind kind,
        ResourceStep level,
        Instant lastStepAt,
        Instant lastFindingAt,
        ResourceStep pending,
        Instant pendingSince,
        Set<ResourceStep> enforced,
        Instant lastEventAt) {
    public ResourceLadderState {
        Objects.requireNonNull(guest, "guest");
        Objects.requireNonNull(kind, "kind");
        enforced = enforced.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enforced));
    }

    /** A guest with no resource history for this quota. */
    public static ResourceLadderState empty(String guest, ResourceKind kind) {
        return new ResourceLadderState(guest, kind, null, null, null, null, null, Set.of(), null);
    }
}
