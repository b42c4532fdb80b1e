package dev.vpsguard.server.ladder;

import dev.vpsguard.server.detect.ResourceFinding;
import java.time.Instant;

/** What can happen to a guest's resource ladder. */
public sealed interface ResourceEvent {
    Instant at();

    /** The detector raised a finding for this ladder's quota. */
    record Found(Instant at, ResourceFinding finding) implements ResourceEvent {}

    /** An operator or admin approves the pending step. */
    record Approve(Instant at, Actor actor, String reason) implements ResourceEvent {}

    /** An operator or admin refuses the pending step; a reason is required. */
    record Refuse(Instant at, Actor actor, String reason) implements ResourceEvent {}

    /** An operator or admin reinstates an isolated or suspended guest once it is fixed (R3). */
    record Reinstate(Instant at, Actor actor, String reason) implements ResourceEvent {}

    /**
     * The guest is over this ladder's quota at this sample, but not yet for the quota's sustained
     * duration: it is not back under the quota, so a quiet period does not start (a throttle stays,
     * a pending step is not withdrawn). Never climbs.
     */
    record Over(Instant at) implements ResourceEvent {}

    /** Time passes: a throttle lifts after a quiet period. */
    record Tick(Instant at) implements ResourceEvent {}
}
